using NeuroActors.Loihi.Quantisation;

namespace NeuroActors.Loihi.Tests.Quantisation;

/// <summary>The decay constants against the exact decay e^(−dt/τ) they stand for.</summary>
public class DecayConstantsTests
{
    public static TheoryData<double, double> Constants()
    {
        var data = new TheoryData<double, double>();
        foreach (double dt in new[] { 0.1, 1.0 })
            foreach (double tau in new[] { 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 3.3, 5, 8, 10, 20, 33, 100, 1000, 1e4, 1e6 })
                data.Add(tau, dt);
        return data;
    }

    [Theory]
    [MemberData(nameof(Constants))]
    public void The_current_factor_is_within_one_unit_of_the_exact_decay_and_half_a_unit_unless_clipped(double tauMs, double dtMs)
    {
        double exact = Math.Exp(-dtMs / tauMs);

        int du = DecayConstants.Du(exact);

        Assert.InRange(du, 0, 4095);
        double units = Math.Abs(4096 * DecayConstants.CurrentFactor(du) - 4096 * exact);
        Assert.True(units <= 1, $"du = {du}: {units} units from 4096·e^(−dt/τ)");
        if (du is > 0 and < 4095) Assert.True(units <= 0.5, $"du = {du}: {units} units");
        // The + 1: the factor with du is that of du + 1 in the voltage's formula.
        Assert.Equal(DecayConstants.VoltageFactor(du + 1), DecayConstants.CurrentFactor(du));
    }

    [Theory]
    [MemberData(nameof(Constants))]
    public void The_voltage_factor_is_within_one_unit_of_the_exact_decay_and_half_a_unit_unless_clipped(double tauMs, double dtMs)
    {
        double exact = Math.Exp(-dtMs / tauMs);

        int dv = DecayConstants.Dv(exact);

        Assert.InRange(dv, 0, 4095);
        double units = Math.Abs(4096 * DecayConstants.VoltageFactor(dv) - 4096 * exact);
        Assert.True(units <= 1, $"dv = {dv}: {units} units from 4096·e^(−dt/τ)");
        if (dv is > 0 and < 4095) Assert.True(units <= 0.5, $"dv = {dv}: {units} units");
    }

    [Fact]
    public void Known_values_at_a_tenth_of_a_millisecond()
    {
        // 4096·e^(−0.1/2) = 3896.24: the current keeps 3896/4096, so du + 1 = 200.
        Assert.Equal(199, DecayConstants.Du(Math.Exp(-0.1 / 2)));
        // 4096·e^(−0.1/10) = 4055.24: the voltage keeps 4055/4096.
        Assert.Equal(41, DecayConstants.Dv(Math.Exp(-0.1 / 10)));
        Assert.Equal(4095, DecayConstants.Du(0));
        Assert.Equal(0, DecayConstants.Dv(1));
        Assert.Equal(0.1 / Math.Log(4096.0 / 4055), DecayConstants.TimeConstant(4055 / 4096.0, 0.1), 12);
    }
}
