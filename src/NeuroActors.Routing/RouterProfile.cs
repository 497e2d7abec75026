namespace NeuroActors.Routing;

/// <summary>
/// The routing-table capacity of a node's router. NeuroActors routes in software and has no hard limit, but
/// mapping against a SpiNNaker profile shows whether the same network would fit that hardware and keeps table
/// sizes honest.
/// </summary>
public sealed record RouterProfile
{
    /// <summary>A profile with a name for reports and errors and the most entries one table may hold.</summary>
    /// <exception cref="ArgumentException">An empty name or a capacity below 1.</exception>
    public RouterProfile(string name, int capacity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (capacity < 1)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a router holds at least 1 entry");
        Name = name;
        Capacity = capacity;
    }

    /// <summary>SpiNNaker 1: 1,023 usable entries per chip.</summary>
    public static RouterProfile SpiNNaker1 { get; } = new("SpiNNaker1", 1023);

    /// <summary>SpiNNaker 2: 16,384 entries per chip.</summary>
    public static RouterProfile SpiNNaker2 { get; } = new("SpiNNaker2", 16384);

    /// <summary>No limit: tables are still compressed when asked, never refused.</summary>
    public static RouterProfile Unlimited { get; } = new("Unlimited", int.MaxValue);

    /// <summary>Name shown in reports and errors.</summary>
    public string Name { get; }

    /// <summary>Most entries one table may hold.</summary>
    public int Capacity { get; }

    /// <summary>The capacity as text, "unlimited" for <see cref="Unlimited"/>.</summary>
    public string CapacityText => Capacity == int.MaxValue ? "unlimited" : Capacity.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
