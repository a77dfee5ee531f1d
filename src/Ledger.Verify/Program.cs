namespace Ledger.Verify
{
    /// <summary>ledger-verify: what a watchdog runs to check, with its own code, that a Ledger only ever grew.</summary>
    static class Program
    {
        static Task<int> Main(string[] args) => Cli.RunAsync(args, Console.Out, Console.Error);
    }

    public static class Cli
    {
        public const int Holds = 0, Fails = 1, CannotCheck = 2;

        const string Usage = """
            usage:
              ledger-verify audit --url URL --state DIR [--key VKEY] [--full] [--api-key KEY]
                      [--witnesses K --witness-key WVKEY ...]
                  Checks the signature of the log's current checkpoint, proves it extends the checkpoint stored in DIR by
                  the last audit, then stores it. The log's key is pinned in DIR on first use, or given with --key
                  (name+keyid+base64, as GET /api/ledger/public-key shows it). --full also re-fetches every entry,
                  re-hashes it and recomputes the root; entries of observations not yet public are withheld but to a
                  curator's or admin's --api-key (or LEDGER_API_KEY), which re-hashes those too. --witnesses K fails the
                  audit unless K of the witnesses given with --witness-key (repeatable) cosigned the checkpoint.
              ledger-verify prove --url URL (--index N | --sequence S) [--key VKEY | --state DIR] [--api-key KEY]
                  Proves that one entry (a write receipt's sequence) is in the tree of the current signed checkpoint.
              ledger-verify witness --url URL --key FILE --state DIR [--log-key VKEY]
                  Checks the current checkpoint against the log's key and against the last checkpoint this witness
                  cosigned (kept in DIR), then cosigns it (c2sp.org/tlog-cosignature) and posts the cosignature to the
                  log. A checkpoint inconsistent with the last one cosigned is refused and reported as a split view.
              ledger-verify witness-keygen --name NAME --key FILE
                  Writes a new witness key to FILE and prints the key to register with the log (name+keyid+base64).
            exit code: 0 when everything holds, 1 when a check fails, 2 when the check could not be made.
            """;

        public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, HttpMessageHandler? handler = null)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                output.WriteLine(Usage);
                return args.Length == 0 ? CannotCheck : Holds;
            }
            Dictionary<string, string?> options;
            var witnessKeys = new List<string>();
            try { options = Parse(args[1..], witnessKeys); }
            catch (ArgumentException e) { return UsageError(errors, e.Message); }
            if (args[0] == "witness-keygen") return GenerateWitnessKey(options, output, errors);

            if (!options.TryGetValue("url", out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var baseUri))
                return UsageError(errors, "--url must be the ledger's absolute base URL, e.g. https://ledger.example.org");
            VerifierKey? key = null;
            List<VerifierKey> witnesses;
            try
            {
                // A witness's --key is its own private key; everywhere else --key is the log's.
                var logKey = options.GetValueOrDefault(args[0] == "witness" ? "log-key" : "key");
                if (logKey is not null) key = VerifierKey.Parse(File.Exists(logKey) ? File.ReadAllText(logKey) : logKey);
                witnesses = [.. witnessKeys.Select(w => VerifierKey.Parse(w, VerifierKey.Cosignature))];
            }
            catch (FormatException e) { return UsageError(errors, $"a key: {e.Message}"); }
            var state = options.TryGetValue("state", out var dir) ? new StateDirectory(dir!) : null;

            using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            http.BaseAddress = baseUri;
            http.Timeout = TimeSpan.FromMinutes(2);
            var apiKey = options.GetValueOrDefault("api-key") ?? Environment.GetEnvironmentVariable("LEDGER_API_KEY");
            if (!string.IsNullOrWhiteSpace(apiKey))
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey.Trim());
            var log = new LogClient(http);
            try
            {
                Report report;
                switch (args[0])
                {
                    case "audit":
                        if (state is null) return UsageError(errors, "audit needs --state DIR, where the last good checkpoint is kept");
                        var quorum = 0;
                        if (options.TryGetValue("witnesses", out var k) && (!int.TryParse(k, out quorum) || quorum < 1 || quorum > witnesses.Count))
                            return UsageError(errors, "--witnesses K needs a whole number from 1 to the number of --witness-key given");
                        report = await new Auditor(log).AuditAsync(
                            new AuditOptions(state, key, options.ContainsKey("full"), Witnesses: witnesses, Quorum: quorum));
                        break;
                    case "witness":
                        if (state is null) return UsageError(errors, "witness needs --state DIR, where the last cosigned checkpoint is kept");
                        if (options.GetValueOrDefault("key") is not { } keyFile || !File.Exists(keyFile))
                            return UsageError(errors, "witness needs --key FILE, the witness's own key (see witness-keygen)");
                        Cosigner cosigner;
                        try { cosigner = Cosigner.Parse(File.ReadAllText(keyFile)); }
                        catch (FormatException e) { return UsageError(errors, $"--key: {e.Message}"); }
                        report = await new Witness(log).CosignAsync(new WitnessOptions(state, cosigner, key), DateTimeOffset.UtcNow);
                        break;
                    case "prove":
                        var by = options.ContainsKey("index") ? "index" : options.ContainsKey("sequence") ? "sequence" : null;
                        if (by is null || options.ContainsKey("index") && options.ContainsKey("sequence"))
                            return UsageError(errors, "prove needs one of --index N or --sequence S");
                        if (!long.TryParse(options[by], out var value) || value < 0)
                            return UsageError(errors, $"--{by} must be a whole number, 0 or more");
                        report = await new Prover(log).ProveAsync(new ProveOptions(by, value, key, state));
                        break;
                    default:
                        return UsageError(errors, $"unknown command '{args[0]}'");
                }
                output.WriteLine(report);
                output.WriteLine(report.Holds
                    ? "HOLDS: every check passed."
                    : $"FAILS: {report.Failures.Count} check(s) failed; the log at {baseUri} cannot be trusted as it stands.");
                return report.Holds ? Holds : Fails;
            }
            catch (LogUnavailableException e)
            {
                errors.WriteLine($"cannot check: {e.Message}");
                return CannotCheck;
            }
            catch (FormatException e)
            {
                errors.WriteLine($"cannot check: {e.Message}");
                return CannotCheck;
            }
        }

        static int GenerateWitnessKey(Dictionary<string, string?> options, TextWriter output, TextWriter errors)
        {
            if (options.GetValueOrDefault("name") is not { } name || options.GetValueOrDefault("key") is not { } file)
                return UsageError(errors, "witness-keygen needs --name NAME and --key FILE");
            if (File.Exists(file)) return UsageError(errors, $"{file} exists: a witness key is never overwritten");
            Cosigner cosigner;
            try { cosigner = Cosigner.Generate(name); }
            catch (FormatException e) { return UsageError(errors, $"--name: {e.Message}"); }
            File.WriteAllText(file, cosigner.PrivateKey + "\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            output.WriteLine(cosigner.Key);
            return Holds;
        }

        static Dictionary<string, string?> Parse(string[] args, List<string> witnessKeys)
        {
            var options = new Dictionary<string, string?>();
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
                var name = args[i][2..];
                if (name == "full") { options[name] = null; continue; }
                if (i + 1 >= args.Length) throw new ArgumentException($"--{name} needs a value");
                if (name == "witness-key") witnessKeys.Add(args[++i]);
                else options[name] = args[++i];
            }
            return options;
        }

        static int UsageError(TextWriter errors, string message)
        {
            errors.WriteLine($"ledger-verify: {message}");
            errors.WriteLine(Usage);
            return CannotCheck;
        }
    }
}
