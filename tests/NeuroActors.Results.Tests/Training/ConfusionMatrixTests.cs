using NeuroActors.Results.Training;

namespace NeuroActors.Results.Tests.Training;

public class ConfusionMatrixTests
{
    [Fact]
    public void Counts_accuracy_and_recall_of_a_hand_made_example()
    {
        // true:      0  0  1  1  2  2  2  3
        // predicted: 0  1  1  1  2  0  2  1
        var m = ConfusionMatrix.From([0, 0, 1, 1, 2, 2, 2, 3], [0, 1, 1, 1, 2, 0, 2, 1], classes: 5);

        int[,] expected =
        {
            { 1, 1, 0, 0, 0 },
            { 0, 2, 0, 0, 0 },
            { 1, 0, 2, 0, 0 },
            { 0, 1, 0, 0, 0 },
            { 0, 0, 0, 0, 0 },
        };
        Assert.Equal(expected, m.Counts);
        Assert.Equal(5, m.Classes);
        Assert.Equal(8, m.Total);
        Assert.Equal(5, m.Correct);
        Assert.Equal(5.0 / 8, m.Accuracy);
        var recall = m.Recall();
        Assert.Equal([0.5, 1.0, 2.0 / 3, 0.0], recall[..4]);
        Assert.True(double.IsNaN(recall[4]), "a class without samples has no recall");
    }

    [Fact]
    public void Classes_outside_the_range_are_rejected_naming_the_sample()
    {
        Assert.Contains("label 1 is 3", Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0, 3], [0, 0], 3)).Message);
        Assert.Contains("prediction 0 is -1", Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0], [-1], 3)).Message);
        Assert.Contains("2 labels but 1 predictions", Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0, 1], [0], 3)).Message);
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(new int[2, 3]));
    }

    [Fact]
    public void The_matrix_does_not_share_its_counts()
    {
        var counts = new int[,] { { 1, 0 }, { 0, 1 } };
        var m = new ConfusionMatrix(counts);
        counts[0, 0] = 5;
        m.Counts[1, 1] = 7;
        Assert.Equal(2, m.Total);
        Assert.True(double.IsNaN(new ConfusionMatrix(new int[2, 2]).Accuracy));
    }
}
