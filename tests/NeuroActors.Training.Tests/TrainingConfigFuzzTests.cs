namespace NeuroActors.Training.Tests;

/// <summary>Mutated configs give errors, never an exception: the loader is what a user's typo meets first.</summary>
public class TrainingConfigFuzzTests
{
    private const string Config = """
        dataset:
          randman: {classes: 3, units: 8, steps: 20, samples_per_class: 10, alpha: 2, step_fraction: 0.5}
          test_fraction: 0.2
          seed: 1
        network:
          dt: 1
          layers:
            - {size: 16, tau_mem: 10, tau_syn: 5, adaptation: {rho: 0.9, strength: 0.5}, init: {gain: 1}}
            - {size: 3, beta: 0.9, reset: zero, reset_timing: same, recurrent: true}
          loss: {kind: mse_count, correct_rate: 0.8}
          surrogate: {kind: triangle, scale: 1, amplitude: 0.3}
          regularizer: {l1: 1e-5, upper: 1, upper_count: 10}
        optimizer: {kind: sgd, lr: 0.1, momentum: 0.9, schedule: {kind: step, step_epochs: 2, gamma: 0.5}}
        training: {batch_size: 16, epochs: 2, chunk_size: 4, seed: 3, name: fuzz}
        """;

    private static readonly string[] Pieces = ["", " ", "\n", ":", "-", "[", "]", "{", "}", ",", "\"", "'", "&a", "*a", "!!str ", "-1", "0", "1e400", ".inf", "nan", "null", "true", "~", "\\0", "#", "  ", "\t", "size", "beta", "layers", "randman", "arrays"];

    [Fact]
    public void MutatedConfigsGiveErrorsNotExceptions()
    {
        Assert.Empty(TrainingConfigLoader.Parse(Config, Fixtures.Npy).Errors);
        var random = new Random(15);
        for (int i = 0; i < 2000; i++)
        {
            var text = Config;
            for (int k = random.Next(1, 4); k > 0; k--)
            {
                int at = random.Next(text.Length);
                int cut = random.Next(0, 4);
                text = text[..at] + Pieces[random.Next(Pieces.Length)] + text[Math.Min(text.Length, at + cut)..];
            }
            var (spec, errors) = TrainingConfigLoader.Parse(text, Fixtures.Npy);
            Assert.True(spec is null == errors.Count > 0, $"a spec and {errors.Count} errors for:\n{text}");
            Assert.All(errors, e => Assert.DoesNotContain('\n', e.ToString()));
        }
    }
}
