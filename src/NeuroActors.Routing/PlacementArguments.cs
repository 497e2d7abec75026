namespace NeuroActors.Routing;

/// <summary>Argument checks shared by the placement strategies, so every strategy words its errors the same way.</summary>
internal static class PlacementArguments
{
    public static void CheckNodes(int nodes)
    {
        if (nodes < 1)
            throw new ArgumentOutOfRangeException(nameof(nodes), nodes,
                $"nodes was {nodes}; a placement needs at least 1 node (more nodes than shards is allowed: the extra nodes stay idle)");
    }
}
