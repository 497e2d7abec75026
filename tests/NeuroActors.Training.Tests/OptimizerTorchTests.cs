using System.Numerics;
using System.Text.Json;

namespace NeuroActors.Training.Tests;

/// <summary>
/// Adam and SGD against torch.optim on Debian's PyTorch 1.13 (Fixtures/optim/make_torch_steps.py), bit for bit, in
/// float32 and float64, over a tensor long enough for PyTorch's vectorised and scalar CPU paths.
/// </summary>
public class OptimizerTorchTests
{
    private static readonly JsonElement Steps = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "optim", "torch_steps.json"))).RootElement;

    [Theory]
    [InlineData("adam", "float32")]
    [InlineData("sgd", "float32")]
    [InlineData("adam", "float64")]
    [InlineData("sgd", "float64")]
    public void StepsEqualTorchsBitForBit(string optimizer, string dtype)
    {
        var c = Steps.GetProperty("cases").EnumerateArray()
            .Single(x => x.GetProperty("optimizer").GetString() == optimizer && x.GetProperty("dtype").GetString() == dtype);
        if (dtype == "float32") Run(c, optimizer, "32", b => BitConverter.Int32BitsToSingle((int)(uint)b), v => BitConverter.SingleToUInt32Bits(v));
        else Run(c, optimizer, "64", b => BitConverter.Int64BitsToDouble((long)b), v => BitConverter.DoubleToUInt64Bits(v));
    }

    private static void Run<T>(JsonElement c, string optimizer, string width, Func<ulong, T> fromBits, Func<T, ulong> toBits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] Values(JsonElement e) => e.EnumerateArray().Select(x => fromBits(x.GetUInt64())).ToArray();
        ParameterSet<T> Set(T[] v) => new([new ParameterTensor<T>("layer1.weight", [v.Length], v)]);

        var p = Set(Values(Steps.GetProperty("start" + width)));
        var sums = Steps.GetProperty("sums" + width).EnumerateArray().Select(Values).ToArray();
        var lrs = Steps.GetProperty("lrs").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        int batch = Steps.GetProperty("batch").GetInt32();
        var spec = optimizer == "adam"
            ? new OptimizerSpec(OptimizerKind.Adam, lrs[0], 0.9, 0.999, 1e-8, WeightDecay: 0.01)
            : new OptimizerSpec(OptimizerKind.Sgd, lrs[0], Momentum: 0.9, WeightDecay: 0.01);
        var opt = Optimizers.Create(spec, p);
        var after = c.GetProperty("after").EnumerateArray().ToArray();
        for (int t = 0; t < sums.Length; t++)
        {
            opt.Step(p, Set(sums[t]), batch, lrs[t]);
            var expected = after[t].EnumerateArray().Select(x => x.GetUInt64()).ToArray();
            var actual = p.Tensors[0].Values.Select(toBits).ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.True(expected[i] == actual[i],
                    $"{optimizer} {typeof(T).Name} step {t + 1} element {i}: torch {fromBits(expected[i])}, here {fromBits(actual[i])}");
        }
    }

    [Fact]
    public void StepScheduleEqualsStepLRAndCosineItsClosedForm()
    {
        var step = Steps.GetProperty("step_lr");
        var spec = new OptimizerSpec(OptimizerKind.Sgd, step.GetProperty("lr").GetDouble(),
            Schedule: new ScheduleSpec(ScheduleKind.Step, step.GetProperty("step_epochs").GetInt32(), step.GetProperty("gamma").GetDouble()));
        var expected = step.GetProperty("lrs").EnumerateArray().Select(x => BitConverter.UInt64BitsToDouble(x.GetUInt64())).ToArray();
        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(e => LearningRates.At(spec, e, expected.Length)));

        var cosine = Steps.GetProperty("cosine_lr");
        int epochs = cosine.GetProperty("epochs").GetInt32();
        spec = new OptimizerSpec(OptimizerKind.Adam, cosine.GetProperty("lr").GetDouble(), Schedule: new ScheduleSpec(ScheduleKind.Cosine));
        expected = cosine.GetProperty("lrs").EnumerateArray().Select(x => BitConverter.UInt64BitsToDouble(x.GetUInt64())).ToArray();
        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(e => LearningRates.At(spec, e, epochs)));
    }
}
