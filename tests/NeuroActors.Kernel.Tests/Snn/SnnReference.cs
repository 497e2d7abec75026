namespace NeuroActors.Kernel.Tests.Snn;

/// <summary>One spiking layer of the reference: weights [out][in] (PyTorch's layout), options as the engine's.</summary>
/// <param name="Reset">0 subtract, 1 zero, 2 none.</param>
/// <param name="SameStep">Reset from this step's spike (true) or the previous step's (false).</param>
/// <param name="AdaptiveReset">Subtract the adaptive threshold rather than θ.</param>
public sealed record SnnRefLayer(double[][] Weight, double[]? Bias, double[][]? Recurrent, double[] Beta, double[] Theta,
    double Alpha, int Reset, bool SameStep, double Rho = 0, double Strength = 0, bool AdaptiveReset = false)
{
    /// <summary>Neurons.</summary>
    public int Size => Weight.Length;
}

/// <summary>The non-spiking readout of the reference.</summary>
public sealed record SnnRefReadout(double[][] Weight, double[]? Bias, double[] Beta, double Alpha);

/// <summary>
/// The training engine's forward pass exactly as train-common.md writes it, in double and in plain loops: the
/// independent reference the simulator's snn_leaky and leaky_readout populations are compared with.
/// </summary>
public static class SnnReference
{
    /// <summary>
    /// Runs <paramref name="steps"/> steps. <paramref name="inputAt"/>(t) gives the input units active at step t in
    /// increasing order. Returns each layer's spikes [layer][t][neuron] and the readout's potential [t][class] (empty
    /// without a readout).
    /// </summary>
    public static (bool[][][] Spikes, double[][] Readout) Forward(int steps, Func<int, int[]> inputAt,
        IReadOnlyList<SnnRefLayer> layers, SnnRefReadout? readout)
    {
        int L = layers.Count;
        var spikes = new bool[L][][];
        var u = new double[L][]; var cur = new double[L][]; var adapt = new double[L][];
        var sPrev = new bool[L][]; var resetPrev = new double[L][];
        for (int l = 0; l < L; l++)
        {
            int n = layers[l].Size;
            spikes[l] = new bool[steps][];
            u[l] = new double[n]; cur[l] = new double[n]; adapt[l] = new double[n]; sPrev[l] = new bool[n]; resetPrev[l] = new double[n];
        }
        var ro = new double[steps][];
        double[] uR = readout is null ? [] : new double[readout.Weight.Length], iR = new double[uR.Length];
        for (int t = 0; t < steps; t++)
        {
            int[] x = inputAt(t);
            for (int l = 0; l < L; l++)
            {
                var layer = layers[l];
                var s = spikes[l][t] = new bool[layer.Size];
                for (int j = 0; j < layer.Size; j++)
                {
                    double h = +0.0;
                    foreach (int i in x) h += layer.Weight[j][i];
                    if (layer.Recurrent is { } rec && t > 0)
                        for (int k = 0; k < layer.Size; k++) if (spikes[l][t - 1][k]) h += rec[j][k];
                    if (layer.Bias is { } b) h += b[j];
                    cur[l][j] = layer.Alpha > 0 ? layer.Alpha * cur[l][j] + h : h;
                    double thetaEff = layer.Theta[j] + layer.Strength * adapt[l][j];
                    double resetBy = layer.AdaptiveReset ? thetaEff : layer.Theta[j];
                    double beta = layer.Beta[j], I = cur[l][j], S1 = sPrev[l][j] ? 1 : 0;
                    if (!layer.SameStep)
                    {
                        u[l][j] = layer.Reset switch
                        {
                            0 => beta * u[l][j] + I - S1 * resetPrev[l][j],
                            1 => beta * u[l][j] * (1 - S1) + I,
                            _ => beta * u[l][j] + I,
                        };
                        s[j] = u[l][j] - thetaEff > 0;
                    }
                    else
                    {
                        u[l][j] = beta * u[l][j] + I;
                        s[j] = u[l][j] - thetaEff > 0;
                        if (s[j] && layer.Reset == 0) u[l][j] -= resetBy;
                        else if (s[j] && layer.Reset == 1) u[l][j] = 0;
                    }
                    resetPrev[l][j] = resetBy;
                    sPrev[l][j] = s[j];
                    adapt[l][j] = layer.Rho * adapt[l][j] + (s[j] ? 1 : 0);
                }
                x = Enumerable.Range(0, layer.Size).Where(k => s[k]).ToArray();
            }
            if (readout is null) continue;
            ro[t] = new double[uR.Length];
            for (int c = 0; c < uR.Length; c++)
            {
                double h = +0.0;
                foreach (int k in x) h += readout.Weight[c][k];
                if (readout.Bias is { } b) h += b[c];
                iR[c] = readout.Alpha > 0 ? readout.Alpha * iR[c] + h : h;
                uR[c] = readout.Beta[c] * uR[c] + iR[c];
                ro[t][c] = uR[c];
            }
        }
        return (spikes, readout is null ? [] : ro);
    }

    /// <summary>The class of each readout: argmax over classes of the maximum over time, the lowest index among equals.</summary>
    public static int PredictMax(double[][] readout)
    {
        int classes = readout[0].Length, best = 0;
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < classes; c++)
        {
            double m = readout.Max(r => r[c]);
            if (m > bestScore) { bestScore = m; best = c; }
        }
        return best;
    }

    /// <summary>A random network: float-valued weights (so the simulator's single-precision weights are the same numbers).</summary>
    public static (SnnRefLayer[] Layers, SnnRefReadout Readout) Random(int seed, int inputs, int[] sizes, int classes,
        int reset, bool sameStep, double alpha, bool recurrent = false, double strength = 0, bool adaptiveReset = false, double gain = 3)
    {
        var random = new System.Random(seed);
        double[][] Matrix(int rows, int cols, double scale) => Enumerable.Range(0, rows)
            .Select(_ => Enumerable.Range(0, cols).Select(_ => (double)(float)(scale * (2 * random.NextDouble() - 1))).ToArray()).ToArray();
        double[] Vector(int n, double lo, double hi) => Enumerable.Range(0, n).Select(_ => (double)(float)(lo + (hi - lo) * random.NextDouble())).ToArray();
        var layers = new SnnRefLayer[sizes.Length];
        int fanIn = inputs;
        for (int l = 0; l < sizes.Length; l++)
        {
            layers[l] = new SnnRefLayer(Matrix(sizes[l], fanIn, gain / Math.Sqrt(fanIn)), Vector(sizes[l], -0.1, 0.2),
                recurrent ? Matrix(sizes[l], sizes[l], 1 / Math.Sqrt(sizes[l])) : null,
                Vector(sizes[l], 0.8, 0.95), Vector(sizes[l], 0.8, 1.2), alpha, reset, sameStep,
                Rho: strength > 0 ? 0.9 : 0, Strength: strength, AdaptiveReset: adaptiveReset);
            fanIn = sizes[l];
        }
        var readout = new SnnRefReadout(Matrix(classes, fanIn, 1 / Math.Sqrt(fanIn)), Vector(classes, -0.1, 0.1), Vector(classes, 0.85, 0.95), alpha);
        return (layers, readout);
    }

    /// <summary>Random binary input: each unit fires at each step with probability <paramref name="p"/>.</summary>
    public static int[][] RandomInput(int seed, int inputs, int steps, double p)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, steps).Select(_ => Enumerable.Range(0, inputs).Where(_ => random.NextDouble() < p).ToArray()).ToArray();
    }
}
