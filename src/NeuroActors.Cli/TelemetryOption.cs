using System.CommandLine;
using NeuroActors.Telemetry;

namespace NeuroActors.Cli;

/// <summary><c>--telemetry console,otlp,prometheus</c>: which OpenTelemetry exporters a run or node starts (docs/telemetry.md).</summary>
public static class TelemetryOption
{
    /// <summary>The option; without it the exporters come from NEUROACTORS_TELEMETRY (default: none).</summary>
    public static Option<string?> Create() => new("--telemetry")
    {
        Description = $"OpenTelemetry exporters, comma-separated: {string.Join(", ", TelemetryOptions.ValidExporterNames)} (default: ${TelemetryOptions.ExportersVariable}, else none).",
    };

    /// <summary>Starts the exporters; on a bad setting prints the reason and returns null.</summary>
    public static TelemetrySession? TryStart(CliContext cli, string? list, string serviceName)
    {
        try
        {
            var options = TelemetryOptions.FromEnvironment();
            if (list is not null) options = options with { Exporters = TelemetryOptions.ParseExporters(list) };
            return TelemetrySetup.Start(options, serviceName);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            cli.Fail($"--telemetry: {ex.Message.Split(" (Parameter")[0]}");
            return null;
        }
    }
}
