using System.Security.Claims;
using System.Security.Cryptography;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Observations.Sealing;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Ledger.Observations.AttachingEvidence;

/// <summary>What the ledger keeps of an upload: name it in an observation's evidence by <see cref="Sha256"/>.</summary>
public sealed record StoredEvidence(string Sha256, string MediaType, long Size, string StrippedSha256, string Url);

/// <summary>What was stored, or why nothing was.</summary>
public sealed record EvidenceStored(StoredEvidence? Stored, ProblemDetails? Refusal);

/// <summary>An upload as its handler receives it, from the REST route or the observation form.</summary>
public sealed record StoreEvidenceCommand(byte[] Content, Caller By)
{
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Content));
}

public static class StoreEvidenceHandler
{
    /// <summary>Content-addressed: the same file uploaded again is the same evidence, stored once.</summary>
    public static (EvidenceStored, IMartenOp) Handle(
        StoreEvidenceCommand command, [Entity("Sha256", Required = false)] EvidenceFile? existing,
        ObservationSealing sealing, TimeProvider clock)
    {
        if (existing is not null) return (new EvidenceStored(Answer(existing), null), MartenOps.Nothing());
        var (file, problem) = Decide(command, sealing, clock.GetUtcNow());
        return file is null ? (new EvidenceStored(null, problem), MartenOps.Nothing())
            : (new EvidenceStored(Answer(file), null), MartenOps.Insert(file));
    }

    public static (EvidenceFile?, ProblemDetails?) Decide(StoreEvidenceCommand command, ObservationSealing sealing,
        DateTimeOffset now)
    {
        if (MetadataStripping.MediaTypeOf(command.Content) is not { } mediaType)
            return (null, Unsupported("the file is neither a JPEG nor a PNG image (read from its bytes)"));
        if (MetadataStripping.Stripped(command.Content) is not { } stripped)
            return (null, Unsupported($"the file does not read as a well-formed {mediaType}: its metadata cannot be removed"));
        var (original, key) = sealing.SealFile(DeterministicIds.From($"evidence:{command.Sha256}"), command.Content);
        return (new EvidenceFile(command.Sha256, mediaType, command.Content.LongLength, command.By.OrganizationId, now,
            stripped, Convert.ToHexStringLower(SHA256.HashData(stripped)), original, key), null);
    }

    static StoredEvidence Answer(EvidenceFile f) =>
        new(f.Id, f.MediaType, f.Size, f.StrippedSha256, $"{StoreEvidenceEndpoint.Route}/{f.Id}");

    static ProblemDetails Unsupported(string detail) => new()
    {
        Status = StatusCodes.Status415UnsupportedMediaType, Title = "This kind of file cannot be attached", Detail = detail,
    };
}

public static class StoreEvidenceEndpoint
{
    public const string Route = "/api/evidence", FileField = "file";

    /// <summary>The largest upload (<c>Ledger:Evidence:MaxBytes</c>, 10 MB by default).</summary>
    public static long MaxBytes(IConfiguration configuration) =>
        configuration.GetValue<long?>("Ledger:Evidence:MaxBytes") ?? 10 * 1024 * 1024;

    /// <summary>
    /// A photo as multipart/form-data, field <c>file</c>: the ledger computes its SHA-256, keeps the original sealed and
    /// serves a copy without its metadata; name the hash in an observation's evidence.
    /// </summary>
    [Tags(Capability.Evidence), EndpointSummary("Upload an evidence file")]
    [WolverinePost(Route, OperationId = "uploadEvidence"), Authorize(Policy = Policies.Observer)]
    [ProducesResponseType<StoredEvidence>(StatusCodes.Status201Created), UploadsFile(FileField)]
    public static async Task<IResult> Post(HttpContext http, ClaimsPrincipal user, IMessageBus bus, IConfiguration configuration)
    {
        var maxBytes = MaxBytes(configuration);
        var (file, problem) = await ReadAsync(http, FileField, maxBytes);
        if (file is null) return Results.Problem(problem!);
        var (stored, refusal) = await StoreAsync(bus, file, maxBytes, Caller.From(user)!, http.RequestAborted);
        return stored is null ? Results.Problem(refusal!) : Results.Created(stored.Url, stored);
    }

    /// <summary>The one way a file is stored, from this route or the observation form: within the size limit, whole.</summary>
    public static async Task<(StoredEvidence?, ProblemDetails?)> StoreAsync(
        IMessageBus bus, IFormFile file, long maxBytes, Caller by, CancellationToken ct)
    {
        if (file.Length > maxBytes) return (null, TooLarge(maxBytes));
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var outcome = await bus.InvokeAsync<EvidenceStored>(new StoreEvidenceCommand(buffer.ToArray(), by), ct);
        return (outcome.Stored, outcome.Refusal);
    }

    /// <summary>The one file of a multipart form's <paramref name="field"/>, or the problem with the request.</summary>
    static async Task<(IFormFile?, ProblemDetails?)> ReadAsync(HttpContext http, string field, long maxBytes)
    {
        if (!http.Request.HasFormContentType)
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Send the file as multipart/form-data",
                $"one file in the field '{field}'"));
        if (http.Request.ContentLength > maxBytes + 64 * 1024)
            return (null, TooLarge(maxBytes));
        IFormCollection form;
        try { form = await http.Request.ReadFormAsync(http.RequestAborted); }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return (null, new FieldErrors().Add(field, "is required: one file (the form could not be read)").ToProblem());
        }
        return form.Files.GetFile(field) is { Length: > 0 } file ? (file, null)
            : (null, new FieldErrors().Add(field, "is required: one file").ToProblem());
    }

    static ProblemDetails TooLarge(long maxBytes) => Problem(StatusCodes.Status413PayloadTooLarge, "The file is too large",
        $"is too large: at most {maxBytes / (1024 * 1024.0):0.#} MB");

    static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
