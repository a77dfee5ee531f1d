using Ledger.Infrastructure.OpenApi;
using System.Globalization;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Transparency.Log;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;

namespace Ledger.Transparency.Witnessing;

/// <param name="Note">The checkpoint as the log published it (its text), a blank line, and the witness's cosignature line.</param>
public sealed record CosignCheckpoint(string? Note)
{
    public const int MaxLength = 8000;

    /// <summary>The note read into the checkpoint text and its signature lines, or what is wrong with it.</summary>
    public (CosignedCheckpoint? Cosigned, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors().Text("note", Note, MaxLength);
        if (errors.Any) return (null, errors);
        var note = Note!.Replace("\r\n", "\n");
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0 || !note.EndsWith('\n'))
            return (null, errors.Add("note", "must be a signed note: the checkpoint, a blank line, then signature lines"));
        var text = note[..(split + 1)];
        var lines = text.Split('\n');
        if (lines.Length < 4 || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            return (null, errors.Add("note", "must start with a checkpoint: origin, tree size and root hash lines"));
        var signatures = new List<(string Name, byte[] Blob, string Line)>();
        foreach (var line in note[(split + 2)..^1].Split('\n'))
        {
            var fields = line.StartsWith("\u2014 ", StringComparison.Ordinal) ? line[2..].Split(' ') : [];
            if (fields is not [{ Length: > 0 } name, var base64] || Base64(base64) is not { } blob)
                return (null, errors.Add("note", $"'{Shorten(line)}' is not a signature line (— name base64)"));
            signatures.Add((name, blob, line));
        }
        return (new CosignedCheckpoint(text, size, signatures), errors);
    }

    static byte[]? Base64(string text)
    {
        try { return Convert.FromBase64String(text); }
        catch (FormatException) { return null; }
    }

    static string Shorten(string line) => line.Length > 60 ? line[..60] + "…" : line;
}

/// <summary>A cosigned checkpoint as read from its request: the checkpoint's text, its tree size and the signature lines.</summary>
public sealed record CosignedCheckpoint(string Text, long TreeSize, IReadOnlyList<(string Name, byte[] Blob, string Line)> Signatures);

public sealed record RecordCosignatures(CosignCheckpoint Request);

/// <summary>What the log now holds of this checkpoint: every witness that cosigned it, and how many this request added.</summary>
public sealed record CosignaturesRecorded(long TreeSize, IReadOnlyList<string> Witnesses, int Added);

public sealed record CosignatureOutcome(CosignaturesRecorded? Recorded, ProblemDetails? Refusal);

public static class RecordCosignaturesHandler
{
    /// <summary>A witness's clock may run ahead of the log's a little, not more.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(10);

    public static async Task<CosignatureOutcome> Handle(
        RecordCosignatures command, LogStore log, RegisteredWitnesses witnesses, TimeProvider clock, CancellationToken ct)
    {
        var (cosigned, errors) = command.Request.Parse();
        if (cosigned is null) return new(null, errors.ToProblem());
        var published = await log.CheckpointAsync(cosigned.TreeSize, ct);
        var (cosignatures, refusal) = Decide(cosigned, published, witnesses.Keys, clock.GetUtcNow());
        if (refusal is not null) return new(null, refusal);
        var added = await log.SaveCosignaturesAsync(cosignatures, ct);
        var all = (await log.CosignaturesAsync([cosigned.TreeSize], ct))[cosigned.TreeSize];
        return new(new CosignaturesRecorded(cosigned.TreeSize, [.. all.Select(c => c.Witness)], added), null);
    }

    /// <summary>
    /// The cosignatures by registered witnesses of a checkpoint the log published, or why none is taken. Lines by other
    /// keys (the log's own signature among them) are ignored, as c2sp.org/signed-note asks of verifiers.
    /// </summary>
    public static (IReadOnlyList<StoredCosignature> Cosignatures, ProblemDetails? Refusal) Decide(
        CosignedCheckpoint cosigned, StoredCheckpoint? published, IReadOnlyList<WitnessKey> witnesses, DateTimeOffset now)
    {
        var found = new List<StoredCosignature>();
        foreach (var (name, blob, line) in cosigned.Signatures)
        {
            if (witnesses.FirstOrDefault(w => w.Signed(name, blob)) is not { } witness) continue;
            if (witness.Verify(cosigned.Text, blob) is not { } at)
                return ([], Problems.Forbidden("The cosignature does not verify",
                    $"The cosignature by the witness {witness.Name} does not verify with its registered key."));
            if (at > now + ClockSkew)
                return ([], new FieldErrors().Add("note", $"the cosignature by {witness.Name} is dated in the future ({at:u})").ToProblem());
            found.Add(new StoredCosignature(cosigned.TreeSize, witness.Name, witness.KeyId, at, line));
        }
        if (found.Count == 0)
            return ([], Problems.Forbidden("No registered witness cosigned this checkpoint",
                "The note carries no signature line by a witness key the log's operator registered " +
                $"({RegisteredWitnesses.Setting}); ask the operator to register the witness's key."));
        if (published is null || TextOf(published.Note) != cosigned.Text)
            return ([], Problems.Conflict(
                $"The log published no checkpoint of {cosigned.TreeSize} entries with this origin and root hash.", "note"));
        return (found, null);
    }

    static string TextOf(string note) => note[..(note.LastIndexOf("\n\n", StringComparison.Ordinal) + 1)];
}

public static class RecordCosignaturesEndpoint
{
    /// <summary>
    /// A witness hands in its cosignature (c2sp.org/tlog-cosignature) of a checkpoint the log published. Anyone may send one:
    /// only a signature by a registered witness key is taken, which is what authenticates the witness.
    /// </summary>
    [Tags(Capability.TransparencyLog), EndpointSummary("Hand in a witness's cosignature of a checkpoint")]
    [WolverinePost("/api/ledger/cosignatures", OperationId = "recordCosignatures")]
    [ProducesResponseType<CosignaturesRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<CosignaturesRecorded>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(CosignCheckpoint request, IMessageBus bus, HttpContext http)
    {
        if (request is null) return await Writes.BodyRequired();
        var outcome = await bus.InvokeAsync<CosignatureOutcome>(new RecordCosignatures(request), http.RequestAborted);
        if (outcome.Refusal is { } problem) return Results.Problem(problem);
        var recorded = outcome.Recorded!;
        return recorded.Added > 0 ? Results.Created("/api/ledger/checkpoint", recorded) : Results.Ok(recorded);
    }
}
