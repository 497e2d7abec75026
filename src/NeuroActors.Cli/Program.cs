using NeuroActors.Cli;

NeuroActors.Loihi.LoihiShard.Register();
return CliApp.Run(args, Console.Out, Console.Error);
