using System.Numerics;

namespace NeuroActors.Training;

/// <summary>
/// A sample's loss from its class scores, and its derivative with respect to the scores. The scores are the readout's
/// maximum potential over time, its potential at the last step, or the output layer's spike counts
/// (<see cref="LossKind"/>); <see cref="Scores{T}"/> computes them.
/// </summary>
internal static class Losses
{
    /// <summary>
    /// The per-sample loss; <paramref name="grad"/> receives dLoss/dscore. Cross-entropy is −log_softmax(scores)[label]
    /// with log_softmax(s)_c = (s_c − max s) − log Σ_k exp(s_k − max s), as PyTorch computes it. MSE-count is snnTorch's
    /// <c>mse_count_loss</c> for one sample: targets are ⌊steps·CorrectRate⌋ for the label and ⌊steps·IncorrectRate⌋ for
    /// the other classes (snnTorch truncates them to integers), loss = mean_c (count_c − target_c)² / steps.
    /// </summary>
    public static T Compute<T>(LossSpec spec, ReadOnlySpan<T> scores, int label, int steps, Span<T> grad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classes = scores.Length;
        if (spec.Kind == LossKind.MseSpikeCount)
        {
            T on = T.CreateChecked((int)(steps * spec.CorrectRate));
            T off = T.CreateChecked((int)(steps * spec.IncorrectRate));
            T scale = T.CreateChecked(classes) * T.CreateChecked(steps);
            T two = T.CreateChecked(2);
            T sum = T.Zero;
            for (int c = 0; c < classes; c++)
            {
                T d = scores[c] - (c == label ? on : off);
                sum += d * d;
                grad[c] = two * d / scale;
            }
            return sum / scale;
        }
        T m = scores[0];
        for (int c = 1; c < classes; c++) if (scores[c] > m) m = scores[c];
        T z = T.Zero;
        for (int c = 0; c < classes; c++) z += T.Exp(scores[c] - m);
        T logZ = T.Log(z);
        for (int c = 0; c < classes; c++)
            grad[c] = T.Exp(scores[c] - m) / z - (c == label ? T.One : T.Zero);
        return -((scores[label] - m) - logZ);
    }

    /// <summary>
    /// The class scores of a sample: for the membrane losses from the readout potentials <paramref name="readout"/>
    /// [steps × classes] (maximum over time, with the first step attaining it in <paramref name="argmaxStep"/>, or the
    /// last step), for the count losses the spike counts of the output layer, summed over time in step order.
    /// </summary>
    public static void Scores<T>(LossKind kind, ReadOnlySpan<T> readout, ReadOnlySpan<T> outputSpikes, int steps,
        Span<T> scores, Span<int> argmaxStep)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classes = scores.Length;
        switch (kind)
        {
            case LossKind.CrossEntropyMaxMembrane:
                for (int c = 0; c < classes; c++) { scores[c] = readout[c]; argmaxStep[c] = 0; }
                for (int t = 1; t < steps; t++)
                {
                    var row = readout.Slice(t * classes, classes);
                    for (int c = 0; c < classes; c++)
                        if (row[c] > scores[c]) { scores[c] = row[c]; argmaxStep[c] = t; }
                }
                break;
            case LossKind.CrossEntropyLastMembrane:
                readout.Slice((steps - 1) * classes, classes).CopyTo(scores);
                break;
            default:
                scores.Clear();
                for (int t = 0; t < steps; t++) SpanMath.Add(scores, outputSpikes.Slice(t * classes, classes));
                break;
        }
    }

    /// <summary>The predicted class: the first index of the largest score.</summary>
    public static int ArgMax<T>(ReadOnlySpan<T> scores) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        for (int c = 1; c < scores.Length; c++) if (scores[c] > scores[best]) best = c;
        return best;
    }
}
