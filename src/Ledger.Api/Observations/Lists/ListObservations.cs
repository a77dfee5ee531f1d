using System.Security.Claims;
using Ledger.Commitments;
using Ledger.Deals;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Marten;
using Marten.Services.BatchQuerying;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace Ledger.Observations.Lists;

public sealed record ObservationPage(IReadOnlyList<Observation> Items, long Total, int Page, int PageSize);

/// <summary>
/// Observations about a commitment: the public sees accepted ones; those who may moderate them (the deal's curators,
/// admins) see every status, so that nothing unmoderated is published as if it were verified.
/// </summary>
public static class ListCommitmentObservationsEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(
        [Document(Required = false)] Commitment? commitment, Guid commitmentId, ModerationStatus? status, ClaimsPrincipal user,
        IQuerySession session, CancellationToken ct)
    {
        if (commitment is null) return Problems.NotFound("Commitment", commitmentId);
        if (status is not null and not ModerationStatus.Accepted && !await MayModerateAsync(commitment, Caller.From(user), session, ct))
            return Problems.Forbidden("Only the deal's curators see unmoderated observations",
                "Without the key of a curator of this deal, only accepted observations are listed.");
        return WolverineContinue.NoProblems;
    }

    static async Task<bool> MayModerateAsync(Commitment commitment, Caller? caller, IQuerySession session, CancellationToken ct) =>
        caller is { Role: Role.Curator or Role.Admin }
        && ObserverPrivacy.MayModerate(caller, await session.CuratorsOfAsync(commitment.DealId, ct));

    /// <summary>
    /// What a page shows of a commitment's observations to <paramref name="caller"/>: what the route lists them (every
    /// status for who may moderate them, else the accepted ones), and an observer's own organization's whatever their status.
    /// </summary>
    public static async Task<IReadOnlyList<Observation>> VisibleToAsync(
        Commitment commitment, Caller? caller, IQuerySession session, ObserverPrivacy privacy, CancellationToken ct)
    {
        var query = session.Query<Observation>().Where(o => o.CommitmentId == commitment.Id);
        if (caller is null) query = query.Where(o => o.Status == ModerationStatus.Accepted);
        else if (!await MayModerateAsync(commitment, caller, session, ct))
            query = query.Where(o => o.Status == ModerationStatus.Accepted || o.OrganizationId == caller.OrganizationId);
        return await privacy.ForAsync(
            await query.OrderBy(o => o.ObservedOn).ThenBy(o => o.SubmittedAt).ToListAsync(ct), caller, session, ct);
    }

    [Tags(Capability.Observations), EndpointSummary("List a commitment's observations")]
    [WolverineGet("/api/commitments/{commitmentId}/observations", OperationId = "listCommitmentObservations")]
    public static async Task<IReadOnlyList<Observation>> Get(
        Commitment commitment, ModerationStatus? status, ClaimsPrincipal user, IQuerySession session, ObserverPrivacy privacy,
        CancellationToken ct)
    {
        var viewer = Caller.From(user);
        var query = session.Query<Observation>().Where(o => o.CommitmentId == commitment.Id);
        if (status is { } wanted) query = query.Where(o => o.Status == wanted);
        else if (!await MayModerateAsync(commitment, viewer, session, ct))
            query = query.Where(o => o.Status == ModerationStatus.Accepted);
        return await privacy.ForAsync(
            await query.OrderBy(o => o.ObservedOn).ThenBy(o => o.SubmittedAt).ToListAsync(ct), viewer, session, ct);
    }
}

/// <summary>
/// The moderation queue: observations by status on the deals the caller moderates (every deal for an admin), optionally
/// of one deal or one submitting organization, oldest submission first.
/// </summary>
public static class ListObservationsEndpoint
{
    public const int DefaultSize = 50, MaxSize = 500;

    public static ProblemDetails Validate(int? page, int? pageSize) =>
        new FieldErrors().Page(page, pageSize, DefaultSize, MaxSize).ToProblem();

    [WholeNumber("pageSize", 1, MaxSize, Default = DefaultSize)]
    [Tags(Capability.Observations), EndpointSummary("List observations for moderation")]
    [WolverineGet("/api/observations", OperationId = "listObservations"), Authorize(Policy = Policies.Curator)]
    public static async Task<ObservationPage> Get(
        ModerationStatus? status, Guid? dealId, Guid? organizationId, int? page, int? pageSize, ClaimsPrincipal user,
        IQuerySession session, ObserverPrivacy privacy, TimeProvider clock, CancellationToken ct)
    {
        var viewer = Caller.From(user)!;
        var wanted = status ?? ModerationStatus.Pending;
        var (number, size) = (page ?? 1, pageSize ?? DefaultSize);
        var curated = viewer.Role == Role.Admin ? null : (await session.DealsCuratedByAsync(viewer.OrganizationId, ct)).ToArray();
        // A count, then only the page sorted: one round trip, and the database never sorts the whole queue to number its rows
        // (a paged list's count(*) OVER () would, on every page of a long queue).
        var batch = session.CreateBatchQuery();
        IBatchedQueryable<Observation> Queue()
        {
            var queue = batch.Query<Observation>().Where(o => o.Status == wanted);
            if (curated is not null) queue = queue.Where(o => o.DealId.IsOneOf(curated));
            if (dealId is { } deal) queue = queue.Where(o => o.DealId == deal);
            if (organizationId is { } organization) queue = queue.Where(o => o.OrganizationId == organization);
            return queue;
        }
        var total = Queue().Count();
        var items = Queue().OrderBy(o => o.SubmittedAt).ThenBy(o => o.Id).Skip((number - 1) * size).Take(size).ToList();
        await batch.Execute(ct);
        var shown = await privacy.ForAsync(await items, viewer, session, ct);
        var commitments = await session.CommitmentsAsync([.. shown.Select(o => o.CommitmentId).Distinct()], ct);
        var today = clock.Today();
        return new ObservationPage([.. shown.Select(o =>
            o.Finding.Amount is { } amount && commitments.TryGetValue(o.CommitmentId, out var c)
                ? o with { AboveTarget = amount > c.TargetOn(today).Amount } : o)], await total, number, size);
    }
}

static class Viewers
{
    public static bool IsCurator(HttpContext http) => Caller.From(http.User)?.Role is Role.Curator or Role.Admin;
}
