using System.Globalization;

namespace NeuroActors.Model;

/// <summary>
/// Checks the connections of a from_file connector against the model: indices within the populations, finite
/// weights of the sign the target model and receptor allow, delays of at least one step and at most the longest a
/// synapse word holds. Each error names the connection as its file does (<see cref="ConnectionList.Where"/>).
/// </summary>
internal static class ConnectionListValidator
{
    /// <summary>Errors listed per projection; a file wrong on every line would otherwise give millions.</summary>
    private const int MaxErrors = 10;

    public static void Validate(ConnectionList? list, PopulationSpec? source, PopulationSpec? target, Receptor receptor, double dt,
        string cPath, ModelErrors e)
    {
        if (list is null)
        {
            e.Add(new($"{cPath}.connections", "nothing", "from_file needs its connections (ConnectorSpec.FromConnections)"));
            return;
        }
        // A list can come from JSON (a model sent to a worker), where nothing guarantees the arrays exist.
        if (list.Sources is null || list.Targets is null || list.Weights is null || list.DelaysMs is null)
        {
            e.Add(new($"{cPath}.connections", "a list without sources, targets, weights or delays", "one source, target, weight and delay per connection"));
            return;
        }
        int n = list.Sources.Length;
        if (list.Targets.Length != n || list.Weights.Length != n || list.DelaysMs.Length != n)
        {
            e.Add(new($"{cPath}.connections", $"{n} sources, {list.Targets.Length} targets, {list.Weights.Length} weights, {list.DelaysMs.Length} delays",
                "one source, target, weight and delay per connection"));
            return;
        }
        string at = list.File is null ? cPath : $"{cPath}.file";
        int found = 0;
        void Add(int i, int field, string value, string expected)
        {
            if (found++ < MaxErrors) e.Add(new($"{at} ({list.Where(i, field)})", value, expected));
        }
        double maxDelay = ushort.MaxValue * dt;
        for (int i = 0; i < n; i++)
        {
            if (source is not null && (uint)list.Sources[i] >= (uint)source.Size)
                Add(i, 0, Show(list.Sources[i]), $"a source index of '{source.Name}' must lie in [0, {source.Size})");
            if (target is not null && (uint)list.Targets[i] >= (uint)target.Size)
                Add(i, 1, Show(list.Targets[i]), $"a target index of '{target.Name}' must lie in [0, {target.Size})");
            double w = list.Weights[i];
            if (!double.IsFinite(w)) Add(i, 2, ModelValidator.Show(w), "a weight is a finite number");
            else if (target?.Model.WeightSign == WeightSign.NonNegative && w < 0)
                Add(i, 2, ModelValidator.Show(w), $"conductance weights ({target.Model.WeightUnit}) must be >= 0; the receptor says whether the synapse excites or inhibits");
            else if (target?.Model.WeightSign == WeightSign.MatchesReceptor && ModelValidator.SignContradicts(receptor, w, w))
                Add(i, 2, ModelValidator.Show(w), ModelValidator.CurrentSignRule(target.Model, receptor));
            double d = list.DelaysMs[i];
            if (!double.IsFinite(d)) Add(i, 3, ModelValidator.Show(d), "a delay is a finite number of ms");
            else if (d < 0) Add(i, 3, ModelValidator.Show(d), $"a delay cannot be negative; delays are at least one time step ({ModelValidator.Show(dt)} ms)");
            else if (d < dt - 1e-9) Add(i, 3, ModelValidator.Show(d), $"delays must be at least one time step ({ModelValidator.Show(dt)} ms)");
            else if (d / dt > ushort.MaxValue) Add(i, 3, ModelValidator.Show(d), $"delays must be at most {ushort.MaxValue} steps ({ModelValidator.Show(maxDelay)} ms)");
        }
        if (found > MaxErrors)
            e.Add(new(at, $"{found - MaxErrors} more errors in the connections", $"only the first {MaxErrors} are listed"));
    }

    private static string Show(int v) => v.ToString(CultureInfo.InvariantCulture);
}
