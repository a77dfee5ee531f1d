using System.Globalization;
using Ledger.Infrastructure.OpenApi;
using Ledger.Transparency.Log;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Transparency.Checkpoints;

/// <summary>
/// A published checkpoint: <see cref="Note"/> is the signed note itself, with the log's signature and the witnesses'
/// cosignature lines after it; the rest is read from it for convenience.
/// </summary>
public sealed record CheckpointView(
    string Origin, long TreeSize, string RootHash, DateTimeOffset SignedAt, string Note, IReadOnlyList<CosignatureView> Cosignatures)
{
    public static CheckpointView Of(StoredCheckpoint checkpoint, string origin, IEnumerable<StoredCosignature> cosignatures)
    {
        var lines = cosignatures.ToList();
        return new(origin, checkpoint.TreeSize, Convert.ToBase64String(checkpoint.RootHash), checkpoint.SignedAt,
            checkpoint.Note + string.Concat(lines.Select(c => c.Line + "\n")),
            [.. lines.Select(c => new CosignatureView(c.Witness, c.KeyId.ToString("x8", CultureInfo.InvariantCulture), c.CosignedAt))]);
    }

    /// <summary>The checkpoints with their cosignatures, loaded in one query.</summary>
    public static async Task<IReadOnlyList<CheckpointView>> OfAsync(
        IReadOnlyList<StoredCheckpoint> checkpoints, LogStore log, string origin, CancellationToken ct)
    {
        var cosignatures = await log.CosignaturesAsync([.. checkpoints.Select(c => c.TreeSize)], ct);
        return [.. checkpoints.Select(c => Of(c, origin, cosignatures[c.TreeSize]))];
    }
}

/// <summary>A witness's cosignature (c2sp.org/tlog-cosignature): who, with which key, and when it says it cosigned.</summary>
public sealed record CosignatureView(string Witness, string KeyId, DateTimeOffset CosignedAt);

public static class GetCheckpointEndpoint
{
    /// <summary>
    /// The latest signed checkpoint with the witnesses' cosignatures; with <c>Accept: text/plain</c>, only the C2SP signed note
    /// (cosignature lines included), as note tools read it.
    /// <c>signedAt</c> is not part of what is signed: the note carries no extension lines, as c2sp.org/tlog-checkpoint recommends.
    /// </summary>
    [Tags(Capability.TransparencyLog), EndpointSummary("Get the latest signed checkpoint")]
    [WolverineGet("/api/ledger/checkpoint", OperationId = "getCheckpoint")]
    [ProducesResponseType<CheckpointView>(StatusCodes.Status200OK, "application/json", "text/plain")]
    public static async Task<IResult> Get(HttpContext http, LogStore log, CheckpointSigning signing, CancellationToken ct)
    {
        if (await log.LatestCheckpointAsync(ct) is not { } latest)
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No checkpoint yet",
                detail: "The log has not published its first checkpoint; it does within seconds of starting.");
        http.Response.Headers.CacheControl = "no-cache";
        var view = (await CheckpointView.OfAsync([latest], log, signing.Origin, ct))[0];
        return WantsText(http.Request) ? Results.Text(view.Note, "text/plain; charset=utf-8") : Results.Ok(view);
    }

    static bool WantsText(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().Accept;
        if (accepted.Count == 0) return false;
        var best = accepted.Where(a => a.Quality is not 0).OrderByDescending(a => a.Quality ?? 1).FirstOrDefault();
        return best is not null && best.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
    }
}
