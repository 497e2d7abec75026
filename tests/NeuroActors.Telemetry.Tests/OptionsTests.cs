namespace NeuroActors.Telemetry.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_export_nothing_and_use_the_standard_ports()
    {
        var o = new TelemetryOptions();
        Assert.Equal(TelemetryExporters.None, o.Exporters);
        Assert.Equal(new Uri("http://localhost:4317"), o.OtlpEndpoint);
        Assert.Equal(9464, o.PrometheusPort);
        Assert.Equal("+", o.PrometheusHost);
        Assert.Equal("/metrics", TelemetryOptions.PrometheusPath);
        Assert.Equal(1000, o.WindowTraceEvery);
    }

    [Theory]
    [InlineData(null, TelemetryExporters.None)]
    [InlineData("", TelemetryExporters.None)]
    [InlineData("none", TelemetryExporters.None)]
    [InlineData("console", TelemetryExporters.Console)]
    [InlineData("otlp", TelemetryExporters.Otlp)]
    [InlineData("prometheus", TelemetryExporters.Prometheus)]
    [InlineData("console,otlp,prometheus", TelemetryExporters.Console | TelemetryExporters.Otlp | TelemetryExporters.Prometheus)]
    [InlineData(" Console , PROMETHEUS ,", TelemetryExporters.Console | TelemetryExporters.Prometheus)]
    [InlineData("otlp,otlp", TelemetryExporters.Otlp)]
    public void ParseExporters_accepts_comma_separated_names(string? list, TelemetryExporters expected)
    {
        Assert.Equal(expected, TelemetryOptions.ParseExporters(list));
        Assert.Equal(expected, TelemetryOptions.Parse(list).Exporters);
    }

    [Theory]
    [InlineData("jaeger", "jaeger")]
    [InlineData("console,zipkin", "zipkin")]
    [InlineData("console;otlp", "console;otlp")]
    [InlineData("all", "all")]
    public void ParseExporters_rejects_unknown_names_naming_the_value_and_the_valid_ones(string list, string bad)
    {
        var e = Assert.Throws<ArgumentException>(() => TelemetryOptions.ParseExporters(list));
        Assert.Contains($"'{bad}'", e.Message);
        Assert.Contains("none, console, otlp, prometheus", e.Message);
    }

    [Fact]
    public void FromEnvironment_reads_exporters_endpoint_and_port()
    {
        var env = new Dictionary<string, string?>
        {
            ["NEUROACTORS_TELEMETRY"] = "otlp,prometheus",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318",
            ["NEUROACTORS_PROMETHEUS_PORT"] = "9999",
        };
        var o = TelemetryOptions.FromEnvironment(k => env.GetValueOrDefault(k));
        Assert.Equal(TelemetryExporters.Otlp | TelemetryExporters.Prometheus, o.Exporters);
        Assert.Equal(new Uri("http://collector:4318"), o.OtlpEndpoint);
        Assert.Equal(9999, o.PrometheusPort);
    }

    [Fact]
    public void FromEnvironment_keeps_defaults_for_unset_or_empty_variables()
    {
        var env = new Dictionary<string, string?> { ["NEUROACTORS_TELEMETRY"] = " " };
        Assert.Equal(new TelemetryOptions(), TelemetryOptions.FromEnvironment(k => env.GetValueOrDefault(k)));
    }

    [Theory]
    [InlineData("NEUROACTORS_TELEMETRY", "console,kafka", "'kafka'")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317", "'collector:4317'")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "/relative", "'/relative'")]
    [InlineData("NEUROACTORS_PROMETHEUS_PORT", "http", "'http'")]
    [InlineData("NEUROACTORS_PROMETHEUS_PORT", "0", "'0'")]
    [InlineData("NEUROACTORS_PROMETHEUS_PORT", "70000", "'70000'")]
    [InlineData("NEUROACTORS_PROMETHEUS_PORT", "-1", "'-1'")]
    public void FromEnvironment_rejects_bad_values_naming_the_variable(string variable, string value, string quoted)
    {
        var e = Assert.Throws<ArgumentException>(() => TelemetryOptions.FromEnvironment(k => k == variable ? value : null));
        Assert.StartsWith(variable + ":", e.Message);
        Assert.Contains(quoted, e.Message);
        Assert.Equal(variable, e.ParamName);
    }

    [Fact]
    public void FromEnvironment_reads_the_process_environment()
    {
        const string variable = "NEUROACTORS_PROMETHEUS_PORT";
        var saved = Environment.GetEnvironmentVariable(variable);
        try
        {
            Environment.SetEnvironmentVariable(variable, "19464");
            Assert.Equal(19464, TelemetryOptions.FromEnvironment().PrometheusPort);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, saved);
        }
    }

    [Fact]
    public void Command_line_list_overrides_the_environment()
    {
        var fromEnv = TelemetryOptions.FromEnvironment(k => k == "NEUROACTORS_TELEMETRY" ? "otlp" : k == "NEUROACTORS_PROMETHEUS_PORT" ? "9500" : null);
        var merged = fromEnv with { Exporters = TelemetryOptions.ParseExporters("prometheus") };
        Assert.Equal(TelemetryExporters.Prometheus, merged.Exporters);
        Assert.Equal(9500, merged.PrometheusPort);
    }

    [Fact]
    public void Invalid_settings_are_refused_when_set()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryOptions { PrometheusPort = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryOptions { PrometheusPort = 65536 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryOptions { WindowTraceEvery = 0 });
        Assert.Throws<ArgumentException>(() => new TelemetryOptions { OtlpEndpoint = new Uri("/x", UriKind.Relative) });
        Assert.Throws<ArgumentException>(() => new TelemetryOptions { PrometheusHost = " " });
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuroActorsTelemetry.WindowTraceEvery = 0);
    }
}
