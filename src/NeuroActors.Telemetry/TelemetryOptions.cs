using System.Globalization;

namespace NeuroActors.Telemetry;

/// <summary>
/// Where telemetry goes. Flags, because a run may print to the console, push to a collector and
/// serve a Prometheus scrape at the same time.
/// </summary>
[Flags]
public enum TelemetryExporters
{
    /// <summary>No exporter: no providers are built and recording costs one flag check.</summary>
    None = 0,

    /// <summary>Write metrics and spans to standard output, for a quick look without any back end.</summary>
    Console = 1,

    /// <summary>Push metrics and spans over OTLP to a collector (Jaeger, Tempo, Grafana Alloy, the OpenTelemetry Collector, …).</summary>
    Otlp = 2,

    /// <summary>Serve metrics (not spans) for Prometheus to scrape over HTTP.</summary>
    Prometheus = 4,
}

/// <summary>
/// Telemetry settings of one NeuroActors process: which exporters run and where they send or
/// serve data. Read from the command line (<c>--telemetry console,otlp,prometheus</c>) or from
/// environment variables, so a container can be configured without changing its command.
/// </summary>
public sealed record TelemetryOptions
{
    /// <summary>Environment variable holding the exporter list, same syntax as <see cref="ParseExporters"/>.</summary>
    public const string ExportersVariable = "NEUROACTORS_TELEMETRY";

    /// <summary>Standard OpenTelemetry environment variable for the OTLP endpoint; honoured so that existing deployments work unchanged.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Environment variable holding the Prometheus scrape port.</summary>
    public const string PrometheusPortVariable = "NEUROACTORS_PROMETHEUS_PORT";

    /// <summary>Path of the Prometheus scrape endpoint, the one Prometheus assumes by default.</summary>
    public const string PrometheusPath = "/metrics";

    /// <summary>Default Prometheus port: 9464, the port registered for the OpenTelemetry Prometheus exporter.</summary>
    public const int DefaultPrometheusPort = 9464;

    /// <summary>Default host of the Prometheus listener: <c>+</c>, every interface (see <see cref="PrometheusHost"/>).</summary>
    public const string DefaultPrometheusHost = "+";

    /// <summary>The exporter names <see cref="ParseExporters"/> accepts, in the order they are documented.</summary>
    public static IReadOnlyList<string> ValidExporterNames { get; } = ["none", "console", "otlp", "prometheus"];

    /// <summary>Which exporters run; <see cref="TelemetryExporters.None"/> (the default) builds no providers at all.</summary>
    public TelemetryExporters Exporters { get; init; } = TelemetryExporters.None;

    /// <summary>Where the OTLP exporter sends data; default <c>http://localhost:4317</c> (OTLP over gRPC on a local collector).</summary>
    /// <exception cref="ArgumentException">The URI is not absolute.</exception>
    public Uri OtlpEndpoint
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!value.IsAbsoluteUri)
            {
                throw new ArgumentException($"The OTLP endpoint must be an absolute URI such as http://localhost:4317, not '{value}'.", nameof(OtlpEndpoint));
            }

            field = value;
        }
    } = new("http://localhost:4317");

    /// <summary>TCP port of the Prometheus scrape endpoint (path <see cref="PrometheusPath"/>); default <see cref="DefaultPrometheusPort"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 1–65535.</exception>
    public int PrometheusPort
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(PrometheusPort));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 65535, nameof(PrometheusPort));
            field = value;
        }
    } = DefaultPrometheusPort;

    /// <summary>
    /// Host part of the Prometheus listener prefix <c>http://{host}:{port}/metrics/</c>. The default
    /// <c>+</c> listens on every interface and answers whatever Host header the scraper sends, which is
    /// what a container or another machine's Prometheus needs; on Linux this needs no administrator
    /// rights (any port above 1023). Use <c>localhost</c> or <c>127.0.0.1</c> to keep the endpoint
    /// on loopback; the scraper must then use that same host name.
    /// </summary>
    /// <exception cref="ArgumentException">The host is empty.</exception>
    public string PrometheusHost
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(PrometheusHost));
            field = value;
        }
    } = DefaultPrometheusHost;

    /// <summary>Trace one window in this many (see <see cref="NeuroActorsTelemetry.WindowTraceEvery"/>); default 1000, because a span per window would cost more than the window.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int WindowTraceEvery
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(WindowTraceEvery));
            field = value;
        }
    } = 1000;

    /// <summary>
    /// Parses an exporter list such as <c>"console,otlp,prometheus"</c>: names separated by commas,
    /// case-insensitive, blanks ignored; <c>none</c> or an empty/null list means no exporter.
    /// </summary>
    /// <param name="list">The list, e.g. the value of <c>--telemetry</c>.</param>
    /// <returns>The combined flags.</returns>
    /// <exception cref="ArgumentException">A name is not one of <see cref="ValidExporterNames"/>; the message names it and lists the valid ones.</exception>
    public static TelemetryExporters ParseExporters(string? list)
    {
        var result = TelemetryExporters.None;
        if (string.IsNullOrWhiteSpace(list))
        {
            return result;
        }

        foreach (var raw in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            result |= raw.ToLowerInvariant() switch
            {
                "none" => TelemetryExporters.None,
                "console" => TelemetryExporters.Console,
                "otlp" => TelemetryExporters.Otlp,
                "prometheus" => TelemetryExporters.Prometheus,
                _ => throw new ArgumentException(
                    $"Unknown telemetry exporter '{raw}' in \"{list}\". Valid exporters: {string.Join(", ", ValidExporterNames)} (comma-separated, e.g. \"console,otlp,prometheus\").",
                    nameof(list)),
            };
        }

        return result;
    }

    /// <summary>Options with the exporters of <paramref name="list"/> (see <see cref="ParseExporters"/>) and every other setting at its default.</summary>
    /// <param name="list">The exporter list.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">The list holds an unknown exporter.</exception>
    public static TelemetryOptions Parse(string? list) => new() { Exporters = ParseExporters(list) };

    /// <summary>
    /// Options from the process environment: <see cref="ExportersVariable"/>,
    /// <see cref="OtlpEndpointVariable"/> and <see cref="PrometheusPortVariable"/>; unset or empty
    /// variables keep the defaults. A command-line value should then override with
    /// <c>with { Exporters = ParseExporters(value) }</c>.
    /// </summary>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">A variable holds a bad value; the message names the variable.</exception>
    public static TelemetryOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Same as <see cref="FromEnvironment()"/> but reading variables through <paramref name="getVariable"/>, so callers and tests need not touch the real environment.</summary>
    /// <param name="getVariable">Returns a variable's value, or <see langword="null"/> when unset.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">A variable holds a bad value; the message names the variable.</exception>
    public static TelemetryOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var options = new TelemetryOptions();

        var exporters = getVariable(ExportersVariable);
        if (!string.IsNullOrWhiteSpace(exporters))
        {
            try
            {
                options = options with { Exporters = ParseExporters(exporters) };
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{ExportersVariable}: {e.Message}", ExportersVariable, e);
            }
        }

        var endpoint = getVariable(OtlpEndpointVariable);
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException(
                    $"{OtlpEndpointVariable}: '{endpoint}' is not an absolute http(s) URI such as http://localhost:4317.",
                    OtlpEndpointVariable);
            }

            options = options with { OtlpEndpoint = uri };
        }

        var port = getVariable(PrometheusPortVariable);
        if (!string.IsNullOrWhiteSpace(port))
        {
            if (!int.TryParse(port.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > 65535)
            {
                throw new ArgumentException(
                    $"{PrometheusPortVariable}: '{port}' is not a TCP port (1-65535).",
                    PrometheusPortVariable);
            }

            options = options with { PrometheusPort = value };
        }

        return options;
    }
}
