using NeuroActors.Training;

namespace NeuroActors.Runtime.Tests.Training;

public class TrainingSpecJsonTests
{
    [Fact]
    public void A_config_travels_as_json_and_comes_back_the_same()
    {
        var spec = TestTraining.Spec(precision: Precision.Float64) with
        {
            Optimizer = new OptimizerSpec(OptimizerKind.Adam, 2e-3, Schedule: new ScheduleSpec(ScheduleKind.Cosine, 3, 0.5)),
            Dataset = new DatasetSpec(DatasetKind.Arrays, null, new ArraysSpec("x.npy", "y.csv", 50), 0.1, ulong.MaxValue),
        };
        string json = TrainingSpecJson.Serialize(spec);
        Assert.Contains("\"Cosine\"", json);
        var back = TrainingSpecJson.Deserialize(json);
        Assert.Equal(json, TrainingSpecJson.Serialize(back));
        Assert.Equal(spec.Dataset, back.Dataset);
        Assert.Equal(spec.Optimizer, back.Optimizer);
        Assert.Equal(spec.Network.Hidden[0], back.Network.Hidden[0]);
        Assert.Equal(ulong.MaxValue, back.Dataset.Seed);
        Assert.Throws<ArgumentException>(() => TrainingSpecJson.Deserialize("{\"BatchSize\": \"x\"}"));
    }
}
