using System.Runtime.CompilerServices;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NeuroActors.Telemetry;

/// <summary>
/// Builds the OpenTelemetry pipeline of one process from <see cref="TelemetryOptions"/>: the
/// single entry point the CLI and the node host call, so exporters are configured the same way
/// everywhere.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>
    /// Starts the exporters chosen in <paramref name="options"/>: a MeterProvider for the
    /// NeuroActors meter plus .NET runtime metrics, and (for console and OTLP only, since
    /// Prometheus carries no spans) a TracerProvider for the NeuroActors activity source. Also
    /// sets <see cref="NeuroActorsTelemetry.WindowTraceEvery"/>.
    /// </summary>
    /// <remarks>
    /// With <see cref="TelemetryExporters.None"/> nothing is built and the returned session is
    /// empty, so an unobserved run pays nothing. Dispose the session at the end of the process: it
    /// flushes the last values (console and OTLP otherwise export only periodically) and closes the
    /// Prometheus listener.
    /// </remarks>
    /// <param name="options">What to export and where.</param>
    /// <param name="serviceName">OpenTelemetry <c>service.name</c>, e.g. <c>neuroactors-node</c>, which tells processes apart in a back end.</param>
    /// <returns>The session owning the providers; dispose it to flush and stop.</returns>
    /// <exception cref="ArgumentException"><paramref name="serviceName"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The Prometheus listener could not start (e.g. port in use).</exception>
    public static TelemetrySession Start(TelemetryOptions options, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);

        NeuroActorsTelemetry.WindowTraceEvery = options.WindowTraceEvery;
        return options.Exporters == TelemetryExporters.None ? new TelemetrySession(null, null, null) : StartExporters(options, serviceName);
    }

    // A method of its own: compiling it loads the OpenTelemetry SDK and its exporters (about 1 MB of a process's memory),
    // which a process without telemetry, the default, then never loads.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TelemetrySession StartExporters(TelemetryOptions options, string serviceName)
    {
        var exporters = options.Exporters;
        var resource = ResourceBuilder.CreateDefault()
            .AddService(serviceName, serviceVersion: NeuroActorsTelemetry.Version);

        MeterProvider? meterProvider = null;
        TracerProvider? tracerProvider = null;
        Uri? scrapeUri = null;
        try
        {
            var meters = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter(TelemetryNames.Source)
                .AddRuntimeInstrumentation();

            if (exporters.HasFlag(TelemetryExporters.Console))
            {
                meters.AddConsoleExporter();
            }

            if (exporters.HasFlag(TelemetryExporters.Otlp))
            {
                meters.AddOtlpExporter(o => o.Endpoint = options.OtlpEndpoint);
            }

            if (exporters.HasFlag(TelemetryExporters.Prometheus))
            {
                var wildcard = options.PrometheusHost is "+" or "*";
                var host = wildcard ? "localhost" : options.PrometheusHost;
                meters.AddPrometheusHttpListener(o =>
                {
                    o.Host = host;
                    o.Port = options.PrometheusPort;
                    o.ScrapeEndpointPath = TelemetryOptions.PrometheusPath;
                    if (wildcard)
                    {
                        // The exporter builds its prefix with UriBuilder, which refuses "+"; swap it
                        // for the wildcard prefix here (clearing the localhost one, or both would
                        // try to bind the same port).
                        o.ConfigureHttpListener = (_, listener) =>
                        {
                            listener.Prefixes.Clear();
                            listener.Prefixes.Add(PrometheusPrefix(options));
                        };
                    }
                });
                scrapeUri = new Uri($"http://{host}:{options.PrometheusPort}{TelemetryOptions.PrometheusPath}");
            }

            try
            {
                meterProvider = meters.Build();
            }
            catch (Exception e) when (exporters.HasFlag(TelemetryExporters.Prometheus))
            {
                throw new InvalidOperationException(
                    $"The Prometheus exporter could not listen on {PrometheusPrefix(options)} (port in use, or a host this machine does not have?): {e.GetBaseException().Message}",
                    e);
            }

            if ((exporters & (TelemetryExporters.Console | TelemetryExporters.Otlp)) != 0)
            {
                var traces = Sdk.CreateTracerProviderBuilder()
                    .SetResourceBuilder(resource)
                    .AddSource(TelemetryNames.Source);

                if (exporters.HasFlag(TelemetryExporters.Console))
                {
                    traces.AddConsoleExporter();
                }

                if (exporters.HasFlag(TelemetryExporters.Otlp))
                {
                    traces.AddOtlpExporter(o => o.Endpoint = options.OtlpEndpoint);
                }

                tracerProvider = traces.Build();
            }

            return new TelemetrySession(meterProvider, tracerProvider, scrapeUri);
        }
        catch
        {
            tracerProvider?.Dispose();
            meterProvider?.Dispose();
            throw;
        }
    }

    private static string PrometheusPrefix(TelemetryOptions options) =>
        $"http://{options.PrometheusHost}:{options.PrometheusPort}{TelemetryOptions.PrometheusPath}/";
}

/// <summary>
/// The running telemetry pipeline of a process, returned by <see cref="TelemetrySetup.Start"/>.
/// Disposing it flushes pending data and stops every exporter.
/// </summary>
public sealed class TelemetrySession : IDisposable
{
    private int _disposed;

    internal TelemetrySession(MeterProvider? meterProvider, TracerProvider? tracerProvider, Uri? prometheusScrapeUri)
    {
        MeterProvider = meterProvider;
        TracerProvider = tracerProvider;
        PrometheusScrapeUri = prometheusScrapeUri;
    }

    /// <summary>The metrics pipeline, or <see langword="null"/> when no exporter was chosen.</summary>
    public MeterProvider? MeterProvider { get; }

    /// <summary>The tracing pipeline, or <see langword="null"/> when no span exporter (console, OTLP) was chosen.</summary>
    public TracerProvider? TracerProvider { get; }

    /// <summary>Where Prometheus can scrape this process (reported with <c>localhost</c> when listening on every interface), or <see langword="null"/> without the Prometheus exporter; handy for a start-up log line.</summary>
    public Uri? PrometheusScrapeUri { get; }

    /// <summary>Whether any provider runs; <see langword="false"/> for <see cref="TelemetryExporters.None"/>.</summary>
    public bool IsActive => MeterProvider is not null || TracerProvider is not null;

    /// <summary>Pushes everything recorded so far to the exporters now, e.g. at the end of a run that keeps the process alive.</summary>
    /// <param name="timeoutMilliseconds">How long to wait at most.</param>
    /// <returns><see langword="true"/> when every provider flushed in time (or there is none).</returns>
    public bool ForceFlush(int timeoutMilliseconds = 5000)
    {
        var metrics = MeterProvider?.ForceFlush(timeoutMilliseconds) ?? true;
        var traces = TracerProvider?.ForceFlush(timeoutMilliseconds) ?? true;
        return metrics && traces;
    }

    /// <summary>Flushes and shuts down the providers and closes the Prometheus listener; safe to call twice.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        TracerProvider?.Dispose();
        MeterProvider?.Dispose();
    }
}
