using Akka.Actor;
using NeuroActors.Results;

namespace NeuroActors.Runtime.Sessions;

// What a driver asks of a session. A session lives in its driver's process (the embedded runtime's system, or the
// cluster coordinator that holds the run service), so these carry the caller's completion and never cross the wire;
// what crosses the wire is the session ↔ shard protocol (Protocol.cs), which is serialized in every test.

/// <summary>A command to a session, completed with its result once every shard has carried it out.</summary>
/// <typeparam name="T">What the command returns.</typeparam>
internal abstract record SessionCommand<T>(TaskCompletionSource<T> Done) : ISessionCommand
{
    /// <inheritdoc/>
    public void Fail(Exception ex) => Done.TrySetException(ex);

    /// <inheritdoc/>
    public void Finish(object? result)
    {
        if (result is T value) Done.TrySetResult(value);
        else Done.TrySetException(new InvalidOperationException($"{GetType().Name} was answered with {result?.GetType().Name ?? "nothing"}"));
    }
}

/// <summary>Any session command, whatever it returns.</summary>
internal interface ISessionCommand : INoSerializationVerificationNeeded
{
    /// <summary>Completes the command with an error.</summary>
    void Fail(Exception ex);

    /// <summary>Completes the command with its result.</summary>
    void Finish(object? result);
}

/// <summary>Advance the network by <paramref name="Steps"/> steps; returns the step reached.</summary>
internal sealed record RunForCommand(long Steps, TaskCompletionSource<long> Done) : SessionCommand<long>(Done);

/// <summary>Keep the network's state in memory under <paramref name="Name"/> (replacing one of that name); returns its step.</summary>
internal sealed record SnapshotCommand(string Name, TaskCompletionSource<long> Done) : SessionCommand<long>(Done);

/// <summary>Go back to snapshot <paramref name="Name"/>, recordings included; returns its step.</summary>
internal sealed record RestoreCommand(string Name, TaskCompletionSource<long> Done) : SessionCommand<long>(Done);

/// <summary>Forget snapshot <paramref name="Name"/>; returns its step.</summary>
internal sealed record DropSnapshotCommand(string Name, TaskCompletionSource<long> Done) : SessionCommand<long>(Done);

/// <summary>Write snapshot <paramref name="Name"/> as a checkpoint at <paramref name="Path"/>; returns its step.</summary>
internal sealed record SaveCommand(string Name, string Path, TaskCompletionSource<long> Done) : SessionCommand<long>(Done);

/// <summary>Everything recorded so far and the session's figures.</summary>
internal sealed record CollectCommand(TaskCompletionSource<RunResult> Done) : SessionCommand<RunResult>(Done);

/// <summary>Neurons, pending input and the clock back to the start, with the random input of <paramref name="Trial"/>; returns step 0.</summary>
internal sealed record ResetCommand(int Trial, TaskCompletionSource<long> Done) : SessionCommand<long>(Done);

/// <summary>Send <paramref name="Change"/> (a parameter, rates or spike times) to every shard; completes when all made it.</summary>
internal sealed record ChangeCommand(object Change, TaskCompletionSource<long> Done) : SessionCommand<long>(Done);

/// <summary>The synapses of projection <paramref name="Projection"/> (model order), from every shard.</summary>
internal sealed record GetWeightsCommand(int Projection, TaskCompletionSource<Kernel.Shard.ProjectionWeights> Done)
    : SessionCommand<Kernel.Shard.ProjectionWeights>(Done);

/// <summary>New weights for synapses of projection <paramref name="Projection"/>, each sent to the shard of its target.</summary>
internal sealed record SetWeightsCommand(int Projection, int[] Source, int[] Target, float[] Weight, TaskCompletionSource<long> Done)
    : SessionCommand<long>(Done);

/// <summary>Write the results directory from the recordings on disk; returns the session's figures.</summary>
internal sealed record WriteResultsCommand(ResultsOutput Output, TaskCompletionSource<RunStats> Done) : SessionCommand<RunStats>(Done);
