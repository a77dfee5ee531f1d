using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Transparency.Log;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Transparency.Checkpoints;

public sealed record CheckpointPage(IReadOnlyList<CheckpointView> Items, long Total, int Page, int PageSize);

public static class ListCheckpointsEndpoint
{
    public const int DefaultSize = 50, MaxSize = 500;

    public static ProblemDetails Validate(int? page, int? pageSize) =>
        new FieldErrors().Page(page, pageSize, DefaultSize, MaxSize).ToProblem();

    /// <summary>Every checkpoint the log has published, newest first: all are kept, so anyone can check any two for consistency.</summary>
    [WholeNumber("pageSize", 1, MaxSize, Default = DefaultSize)]
    [Tags(Capability.TransparencyLog), EndpointSummary("List the signed checkpoints")]
    [WolverineGet("/api/ledger/checkpoints", OperationId = "listCheckpoints")]
    public static async Task<CheckpointPage> Get(int? page, int? pageSize, LogStore log, CheckpointSigning signing, CancellationToken ct)
    {
        var (number, size) = (page ?? 1, pageSize ?? DefaultSize);
        var (items, total) = await log.CheckpointsAsync((number - 1) * size, size, ct);
        return new CheckpointPage(await CheckpointView.OfAsync(items, log, signing.Origin, ct), total, number, size);
    }
}
