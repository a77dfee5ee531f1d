using Microsoft.Extensions.Logging;

namespace Ledger.LocalPostgres;

/// <summary>What to do about a missing package, given what this process may do without asking anyone.</summary>
public enum InstallPlan { AlreadyInstalled, InstallAsRoot, InstallWithSudo, InstallByHand }

/// <summary>The package is missing and was not installed: why, and the command that installs it.</summary>
public sealed class MissingPackageException(string reason, string manualInstall)
    : Exception($"{reason} Run `{manualInstall}`.")
{
    public string Reason => reason;
}

/// <summary>
/// A Debian package the development tooling needs (PostgreSQL's server for the run command and the tests, Chromium for
/// the browser tests), installed on first use where that needs nobody's consent: as root, or through a sudo that asks
/// for no password. Elsewhere it names the command to run.
/// </summary>
public sealed class DebianPackage(string name, string neededFor, Func<bool> isInstalled)
{
    /// <summary>One installer at a time: test assemblies run in parallel and may lack the same package.</summary>
    static readonly string LockFile = Path.Combine(Path.GetTempPath(), "ledger-package-install.lock");
    static readonly SemaphoreSlim InThisProcess = new(1, 1);
    static bool _listsUpdated;

    public string Name => name;
    public string ManualInstall => $"sudo apt-get install -y {name}";

    public static InstallPlan Plan(bool installed, bool root, bool passwordlessSudo, bool aptGet) =>
        (installed, aptGet, root, passwordlessSudo) switch
        {
            (true, _, _, _) => InstallPlan.AlreadyInstalled,
            (_, false, _, _) => InstallPlan.InstallByHand,
            (_, _, true, _) => InstallPlan.InstallAsRoot,
            (_, _, _, true) => InstallPlan.InstallWithSudo,
            _ => InstallPlan.InstallByHand,
        };

    /// <summary>Returns once the package is installed, installing it if this process may; else throws.</summary>
    public async Task EnsureInstalledAsync(ILogger log, CancellationToken ct = default)
    {
        if (isInstalled()) return;
        var root = Environment.UserName == "root";
        var plan = Plan(false, root, !root && await PasswordlessSudoAsync(ct), ExternalCommand.OnPath("apt-get"));
        if (plan == InstallPlan.InstallByHand)
            throw new MissingPackageException(
                $"{neededFor} need(s) the Debian package {name}, which is not installed, and this process cannot " +
                $"install it without asking (that takes root or a password-less sudo, and apt-get).", ManualInstall);

        await InThisProcess.WaitAsync(ct);
        try
        {
            await using var machineWide = await LockMachineWideAsync(ct);
            if (isInstalled()) return; // another test process installed it while this one waited
            log.LogWarning("{NeededFor} need(s) the Debian package {Package}, which is missing: installing it " +
                "(apt-get update, apt-get install -y {Package}; a minute or two)", neededFor, name, name);
            await InstallAsync(plan == InstallPlan.InstallWithSudo ? ["sudo", "-n"] : [], ct);
        }
        finally
        {
            InThisProcess.Release();
        }
        if (!isInstalled())
            throw new MissingPackageException(
                $"apt-get installed {name}, yet {neededFor} still do(es) not find it.", ManualInstall);
    }

    async Task InstallAsync(string[] asRoot, CancellationToken ct)
    {
        // The package must not start a service of its own: PostgreSQL's would run a cluster nobody here uses.
        const string policy = "/usr/sbin/policy-rc.d";
        var addedPolicy = !File.Exists(policy) && (await RunAsync(asRoot, ["sh", "-c",
            $"printf '#!/bin/sh\\nexit 101\\n' > {policy} && chmod 755 {policy}"], ct)).Succeeded;
        try
        {
            if (!_listsUpdated)
            {
                await RunOrThrowAsync(asRoot, ["apt-get", "update", "-qq"], ct);
                _listsUpdated = true;
            }
            // Waits for dpkg's own lock when something outside Ledger (unattended upgrades) holds it.
            await RunOrThrowAsync(asRoot, ["apt-get", "install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=600", name],
                ct);
        }
        finally
        {
            if (addedPolicy) await RunAsync(asRoot, ["rm", "-f", policy], CancellationToken.None);
        }
    }

    async Task RunOrThrowAsync(string[] asRoot, string[] command, CancellationToken ct)
    {
        var result = await RunAsync(asRoot, command, ct);
        if (!result.Succeeded)
            throw new MissingPackageException(
                $"Installing {name} for {neededFor} failed: `{string.Join(' ', command)}` exited with " +
                $"{result.ExitCode}: " +
                Tail(result.Output), ManualInstall);
    }

    static Task<CommandResult> RunAsync(string[] asRoot, string[] command, CancellationToken ct)
    {
        string[] full = [.. asRoot, "env", "DEBIAN_FRONTEND=noninteractive", .. command];
        return ExternalCommand.RunAsync(full[0], full[1..], ct);
    }

    static async Task<bool> PasswordlessSudoAsync(CancellationToken ct) =>
        ExternalCommand.OnPath("sudo") && (await ExternalCommand.RunAsync("sudo", ["-n", "true"], ct)).Succeeded;

    /// <summary>An exclusive lock on a file under /tmp, released by the system even when its holder dies.</summary>
    static async Task<FileStream> LockMachineWideAsync(CancellationToken ct)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(TimeSpan.FromMinutes(15));
        while (true)
        {
            try
            {
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.Read, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), patience.Token); // another process is installing
            }
        }
    }

    static string Tail(string output) => output.Length <= 600 ? output : "…" + output[^600..];
}
