using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NeuroActors.Cli;

/// <summary>
/// Another <c>neuroactors</c> process started by this one (the benchmark harness's runs and worker nodes), with its
/// output captured. Disposing it kills it and its children if it is still running, so no worker outlives the harness.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _sawMarker = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string? _marker;

    private ChildProcess(ProcessStartInfo start, string? marker)
    {
        _marker = marker;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Capture(e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts <c>neuroactors</c> with <paramref name="arguments"/>. <paramref name="marker"/>, when given, is text whose
    /// appearance in the output <see cref="WaitForMarker"/> waits for.
    /// </summary>
    public static ChildProcess StartSelf(IEnumerable<string> arguments, string? marker = null)
    {
        var start = SelfStartInfo();
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return new ChildProcess(start, marker);
    }

    /// <summary>Everything the process printed so far, standard output and error interleaved.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The last line that starts with "error:", without it, or null.</summary>
    public string? LastError => Output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("error:"))?["error:".Length..].Trim();

    /// <summary>Waits for the process to end; returns its exit code.</summary>
    public async Task<int> WaitForExit(CancellationToken cancellation)
    {
        await _process.WaitForExitAsync(cancellation);
        return _process.ExitCode;
    }

    /// <summary>True once the marker has been printed; false when the process ended or the time ran out first.</summary>
    public async Task<bool> WaitForMarker(TimeSpan timeout, CancellationToken cancellation)
    {
        var done = await Task.WhenAny(_sawMarker.Task, _process.WaitForExitAsync(cancellation), Task.Delay(timeout, cancellation));
        cancellation.ThrowIfCancellationRequested();
        return done == _sawMarker.Task;
    }

    /// <summary>
    /// The process's peak resident memory in MiB as the operating system reports it (VmHWM on Linux), or null when
    /// it has ended or the value is not available. Read it before stopping the process.
    /// </summary>
    public double? PeakMemoryMib()
    {
        try
        {
            if (_process.HasExited) return null;
            _process.Refresh();
            long bytes = _process.PeakWorkingSet64;
            return bytes > 0 ? bytes / 1048576.0 : null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Kills the process and its children if it still runs.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { /* it ended on its own in the meantime */ }
        _process.Dispose();
    }

    /// <summary>A TCP port on 127.0.0.1 that is free now (the OS picks it).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (_marker is not null && line.Contains(_marker)) _sawMarker.TrySetResult();
    }

    /// <summary>
    /// How to start this same program: the apphost when that is what is running, otherwise the dotnet host with this
    /// assembly (under <c>dotnet neuroactors.dll</c>, <c>dotnet run</c> and a test host alike).
    /// </summary>
    private static ProcessStartInfo SelfStartInfo()
    {
        string dll = typeof(ChildProcess).Assembly.Location;
        string? running = Environment.ProcessPath;
        if (running is not null && Path.GetFileNameWithoutExtension(running) == Path.GetFileNameWithoutExtension(dll))
            return new ProcessStartInfo(running);
        string host = running is not null && Path.GetFileNameWithoutExtension(running) == "dotnet" ? running : "dotnet";
        var start = new ProcessStartInfo(host);
        start.ArgumentList.Add(dll);
        return start;
    }
}
