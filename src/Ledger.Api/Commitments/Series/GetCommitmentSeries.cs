using Ledger.Infrastructure.OpenApi;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Status;
using Ledger.TimeTravel;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Commitments.Series;

public static class GetCommitmentSeriesEndpoint
{
    public static async Task<CommitmentRecord?> LoadAsync(Guid commitmentId, IQuerySession session, CancellationToken ct) =>
        (await CommitmentRecord.ReadAsync(session, [commitmentId], ct)).SingleOrDefault();

    /// <summary>The same answers as the status route: 400 for bad time axes, 404 for a commitment unknown then.</summary>
    public static ProblemDetails Validate(CommitmentRecord? record, Guid commitmentId, string? asOf, string? knownAt, TimeProvider clock) =>
        GetCommitmentStatusEndpoint.Validate(record?.Facts, commitmentId, asOf, knownAt, clock);

    /// <summary>
    /// The promised target over time (the baseline, every revision and amendment), claimed and verified delivery over
    /// time and the due dates, each point dated as precisely as its sources date it, with the event and sources behind it.
    /// </summary>
    [Tags(Capability.Commitments), EndpointSummary("Get a commitment's promises and delivery over time")]
    [WolverineGet("/api/commitments/{commitmentId}/series", OperationId = "getCommitmentSeries")]
    public static CommitmentSeries Get(CommitmentRecord record, string? asOf, string? knownAt, TimeProvider clock) =>
        CommitmentSeries.Of(record.Facts, record.Events, PointInTime.From(asOf, knownAt, clock))!;
}
