using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NeuroActors.Cli.Tests;

/// <summary>A <c>neuroactors</c> command run as a real operating-system process, its output captured as it comes.</summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder _output = new();

    public NodeProcess(string arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "neuroactors.dll")}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) =>
        {
            lock (_output) _output.AppendLine(e.Data);
            if (e.Data?.Contains("joining") == true) _joined.TrySetResult();
        };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Waits until a node says it is joining the cluster.</summary>
    public async Task Started()
    {
        var done = await Task.WhenAny(_joined.Task, _process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (done != _joined.Task) throw new InvalidOperationException($"node did not start: {Output}");
    }

    /// <summary>Everything the process printed so far, stdout and stderr.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Sends SIGTERM (what `docker stop` sends) and waits for the process to end; returns its exit code.</summary>
    public async Task<int> Terminate()
    {
        using (var kill = Process.Start("kill", $"-TERM {_process.Id}")) await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    /// <summary>Sends SIGKILL: the process ends at once, without a word to its peers (a crashed machine, as the cluster sees it).</summary>
    public async Task KillHard()
    {
        using (var kill = Process.Start("kill", $"-KILL {_process.Id}")) await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Freezes (SIGSTOP) or thaws (SIGCONT) the process: frozen, it answers no heartbeat, as behind a cut network.</summary>
    public async Task Signal(string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {_process.Id}");
        await kill.WaitForExitAsync();
    }

    /// <summary>
    /// Waits, while this process runs, until <paramref name="path"/> exists (a checkpoint the process writes, say); fails if
    /// the process ends first or after <paramref name="timeout"/>, a guard against hangs.
    /// </summary>
    public async Task FileWritten(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(path))
        {
            Assert.False(HasExited, $"the process ended before it wrote {path}: {Output}");
            Assert.True(DateTime.UtcNow < deadline, $"no {path} after {timeout.TotalSeconds:0} s: {Output}");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits for the process to end (at most <paramref name="timeout"/>, a guard against hangs) and returns its exit code.</summary>
    public async Task<int> Exited(TimeSpan timeout)
    {
        try { await _process.WaitForExitAsync().WaitAsync(timeout); }
        catch (TimeoutException) { throw new TimeoutException($"the process did not end within {timeout.TotalSeconds:0} s: {Output}"); }
        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }

    /// <summary>
    /// A TCP port free on loopback now, below Linux's ephemeral range (32768–60999): a port the kernel handed out for
    /// binding to 0 is also what it hands to the next outgoing connection of any process, so between this call and the
    /// node's own bind a client socket of a test running beside it could take it ("Address already in use").
    /// </summary>
    public static int FreePort()
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = Random.Shared.Next(20_000, 32_000);
            try
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException) when (attempt < 1000) { }
        }
    }
}

/// <summary>Worker <c>node</c> processes on 127.0.0.1 without TLS, the first the seed, each on a free port.</summary>
internal sealed class LoopbackNodes : IDisposable
{
    private LoopbackNodes(int[] ports)
    {
        Ports = ports;
        Seed = $"127.0.0.1:{ports[0]}";
        Nodes = ports.Select(port => new NodeProcess($"node --seed {Seed} --port {port} --insecure")).ToArray();
    }

    /// <summary>The seed's host:port, for <c>--seed</c> and <c>--cluster</c>.</summary>
    public string Seed { get; }

    /// <summary>Each node's port, in order.</summary>
    public int[] Ports { get; }

    /// <summary>The node processes, in order.</summary>
    public NodeProcess[] Nodes { get; }

    /// <summary>Starts <paramref name="count"/> nodes and waits until each says it is joining.</summary>
    public static async Task<LoopbackNodes> Start(int count)
    {
        var nodes = new LoopbackNodes(Enumerable.Range(0, count).Select(_ => NodeProcess.FreePort()).ToArray());
        await Task.WhenAll(nodes.Nodes.Select(n => n.Started()));
        return nodes;
    }

    public void Dispose()
    {
        foreach (var node in Nodes) node.Dispose();
    }
}
