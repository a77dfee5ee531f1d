using System.Security.Claims;
using Ledger.Commitments;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace Ledger.Observations.Lists;

public sealed record ObservationPage(IReadOnlyList<Observation> Items, long Total, int Page, int PageSize);

/// <summary>
/// Observations about a commitment: the public sees accepted ones; a curator (or admin) sees every status,
/// so that nothing unmoderated is published as if it were verified.
/// </summary>
public static class ListCommitmentObservationsEndpoint
{
    public static ProblemDetails Validate(
        [Document(Required = false)] Commitment? commitment, Guid commitmentId, ModerationStatus? status, HttpContext http)
    {
        if (commitment is null) return Problems.NotFound("Commitment", commitmentId);
        if (status is not null and not ModerationStatus.Accepted && !Viewers.IsCurator(http))
            return new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden, Title = "Only curators see unmoderated observations",
                Detail = "Without a curator key, only accepted observations are listed.",
            };
        return WolverineContinue.NoProblems;
    }

    /// <summary>
    /// What a page shows of a commitment's observations to <paramref name="caller"/>: what the route lists them (every
    /// status for a curator, else the accepted ones), and an observer's own organization's whatever their status.
    /// </summary>
    public static async Task<IReadOnlyList<Observation>> VisibleToAsync(
        Guid commitmentId, Caller? caller, IQuerySession session, CancellationToken ct)
    {
        var query = session.Query<Observation>().Where(o => o.CommitmentId == commitmentId);
        if (caller is null) query = query.Where(o => o.Status == ModerationStatus.Accepted);
        else if (caller.Role is not (Role.Curator or Role.Admin))
            query = query.Where(o => o.Status == ModerationStatus.Accepted || o.OrganizationId == caller.OrganizationId);
        return await query.OrderBy(o => o.ObservedOn).ThenBy(o => o.SubmittedAt).ToListAsync(ct);
    }

    [WolverineGet("/api/commitments/{commitmentId}/observations", OperationId = "listCommitmentObservations")]
    public static async Task<IReadOnlyList<Observation>> Get(
        Guid commitmentId, ModerationStatus? status, HttpContext http, IQuerySession session, ObserverPrivacy privacy,
        CancellationToken ct)
    {
        var query = session.Query<Observation>().Where(o => o.CommitmentId == commitmentId);
        if (status is { } wanted) query = query.Where(o => o.Status == wanted);
        else if (!Viewers.IsCurator(http)) query = query.Where(o => o.Status == ModerationStatus.Accepted);
        var viewer = Caller.From(http.User);
        return [.. (await query.OrderBy(o => o.ObservedOn).ThenBy(o => o.SubmittedAt).ToListAsync(ct))
            .Select(o => privacy.For(o, viewer))];
    }
}

/// <summary>The moderation queue: observations by status across the ledger, oldest submission first.</summary>
public static class ListObservationsEndpoint
{
    public const int DefaultSize = 50, MaxSize = 500;

    public static ProblemDetails Validate(int? page, int? pageSize) =>
        new FieldErrors().Page(page, pageSize, DefaultSize, MaxSize).ToProblem();

    [WolverineGet("/api/observations", OperationId = "listObservations"), Authorize(Policy = Policies.Curator)]
    public static async Task<ObservationPage> Get(
        ModerationStatus? status, int? page, int? pageSize, ClaimsPrincipal user, IQuerySession session,
        ObserverPrivacy privacy, CancellationToken ct)
    {
        var wanted = status ?? ModerationStatus.Pending;
        var (number, size) = (page ?? 1, pageSize ?? DefaultSize);
        // A count, then only the page sorted: one round trip, and the database never sorts the whole queue to number its rows
        // (a paged list's count(*) OVER () would, on every page of a long queue).
        var batch = session.CreateBatchQuery();
        var total = batch.Query<Observation>().Where(o => o.Status == wanted).Count();
        var items = batch.Query<Observation>().Where(o => o.Status == wanted)
            .OrderBy(o => o.SubmittedAt).ThenBy(o => o.Id).Skip((number - 1) * size).Take(size).ToList();
        await batch.Execute(ct);
        var viewer = Caller.From(user);
        return new ObservationPage([.. (await items).Select(o => privacy.For(o, viewer))], await total, number, size);
    }
}

static class Viewers
{
    public static bool IsCurator(HttpContext http) => Caller.From(http.User)?.Role is Role.Curator or Role.Admin;
}
