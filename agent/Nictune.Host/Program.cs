using Nictune.Host.Cli;
using Nictune.Host.Output;

StandardOutput.Install();
return NictuneCli.Run(args);
