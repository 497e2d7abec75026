// The Meter, the ActivitySource and NeuroActorsTelemetry.WindowTraceEvery are process-wide, and
// every listener sees every recording: run the test classes one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
