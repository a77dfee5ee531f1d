namespace Ledger.Infrastructure.CommandLine;

/// <summary>
/// Settings given on the command line after a command (<c>seed seeds --Ledger:DataDirectory=/srv/ledger</c>): the host's
/// configuration has read them already, and JasperFx would refuse them as flags it does not know.
/// </summary>
public static class HostSettings
{
    /// <summary>ASP.NET's own flags: after a command, JasperFx would take them as a cue to run the web app instead.</summary>
    static readonly string[] AspNetCoreFlags = ["--urls", "--http_ports", "--https_ports"];

    /// <summary>
    /// What the host reads its settings from: <paramref name="args"/> from the first flag on, without the command and
    /// its arguments, which .NET would otherwise read too: it takes <c>/srv/seeds</c> for a <c>/key</c> and the setting
    /// after it for that key's value.
    /// </summary>
    public static string[] For(string[] args) => [.. args.SkipWhile(arg => !arg.StartsWith('-'))];

    /// <summary>
    /// <paramref name="args"/> without configuration settings (<c>--Section:Key=value</c>, <c>--Section:Key value</c>),
    /// nor, after a command name, ASP.NET's flags: what is left is for JasperFx's parser.
    /// </summary>
    public static string[] RemoveFrom(string[] args)
    {
        var afterCommand = args is [var first, ..] && !first.StartsWith('-');
        var kept = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var (key, hasValue) = KeyOf(args[i]);
            var setting = key.Contains(':')
                || (afterCommand && AspNetCoreFlags.Contains(key, StringComparer.OrdinalIgnoreCase));
            if (!setting) kept.Add(args[i]);
            else if (!hasValue) i++; // `--Section:Key value`: the value goes with it
        }
        return [.. kept];
    }

    /// <summary>
    /// The part before '=' of a <c>--key</c> argument, and whether it carries its value. (.NET also reads <c>/key</c>,
    /// which here would be taken for an absolute path.)
    /// </summary>
    static (string Key, bool HasValue) KeyOf(string arg)
    {
        if (!arg.StartsWith("--")) return ("", true);
        var equals = arg.IndexOf('=');
        return equals < 0 ? (arg, false) : (arg[..equals], true);
    }
}
