using Nictune.Host.Cli;

return NictuneCli.Run(args);
