using Akka.Actor;
using Akka.Configuration;
using NeuroActors.Model;
using NeuroActors.Runtime.Cluster;

namespace NeuroActors.Cli;

/// <summary>This process's cluster node, as every command that joins a cluster starts it.</summary>
internal static class CliNode
{
    /// <summary>
    /// Registers the training workers that a node may be asked to host as well as shards, then starts the node
    /// (<see cref="ClusterNode.Start"/>). Registered here rather than for every command, so that a run in one process
    /// does not load the training assembly.
    /// </summary>
    public static ActorSystem Start(ClusterSettings settings, NetworkSpec? pinned = null, Config? extra = null)
    {
        TrainingWorkers.Register();
        return ClusterNode.Start(settings, pinned, extra);
    }
}
