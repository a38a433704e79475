using ParkingGate.Host.Cli;

// The one executable: every verb is wired in CliApp; this file only hands it the console and the clock.
Console.OutputEncoding = System.Text.Encoding.UTF8;
return await CliApp.RunAsync(args, Console.Out, Console.Error, TimeProvider.System);
