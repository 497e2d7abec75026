using NeuroActors.Experiments;

// Published experiments reproduced through the public API; each writes its figures and measured values.
if (ExperimentArguments.Parse(args) is not { } a) return 1;
return a.Experiment switch
{
    "song2000" => await Song2000.RunAsync(a),
    "masquelier2008" => await Masquelier2008.RunAsync(a),
    _ => Fail(a.Experiment),
};

static int Fail(string experiment)
{
    Console.Error.WriteLine($"error: unknown experiment '{experiment}'\n{ExperimentArguments.Usage}");
    return 1;
}
