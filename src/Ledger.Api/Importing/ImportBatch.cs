using Ledger.Commitments;
using Ledger.Commitments.ClaimingDelivery;
using Ledger.Commitments.Making;
using Ledger.Deals;
using Ledger.Deals.Registering;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Writing;
using Ledger.Measuring;
using Ledger.Observations;
using Ledger.Observations.Sealing;
using Ledger.Observations.Submitting;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Marten;

namespace Ledger.Importing;

/// <summary>
/// Consecutive lines of one import, written in one transaction. <see cref="First"/> starts the run's report afresh,
/// <see cref="Last"/> closes it; the report is stored with the batch's events, so it never counts what was not committed.
/// </summary>
public sealed record ImportBatchCommand(Guid ImportId, IReadOnlyList<ImportLine> Lines, IReadOnlyList<RejectedLine> Unread,
    int LinesRead, bool First, bool Last, Caller By) : IWrite;

/// <summary>What the ledger holds already of the streams a batch creates or writes to, loaded in a few queries.</summary>
public sealed record ImportState(
    IReadOnlyDictionary<Guid, Deal> Deals, IReadOnlyDictionary<Guid, Commitment> Commitments,
    IReadOnlyDictionary<Guid, Observation> Observations, IReadOnlyDictionary<Guid, SubmittedRequest> Submitted,
    IReadOnlyDictionary<string, PseudonymClaim> Pseudonyms, UnitCatalogue Units, ImportReport? Report);

/// <summary>What a batch decided: the operations its transaction carries and the report after it.</summary>
public sealed record DecidedBatch(IReadOnlyList<IMartenOp> Operations, ImportReport Report);

/// <summary>
/// Loads the state a batch needs once, then decides each line in order with the write's own handler rules
/// (<c>Parse</c>, <c>Check</c>, <c>Decide</c>, <c>Plan</c>) against that state as the batch's earlier lines left it,
/// and appends everything with Marten's quick append in the one transaction Wolverine commits.
/// </summary>
public static class ImportBatchHandler
{
    public static async Task<ImportState> LoadAsync(
        ImportBatchCommand command, IDocumentSession session, ObservationSealing sealing, CancellationToken ct)
    {
        var lines = command.Lines;
        Guid[] IdsOf(params ImportKind[] kinds) => [.. lines.Where(l => kinds.Contains(l.Kind)).Select(l => l.Id)];
        Guid[] TargetsOf(params ImportKind[] kinds) =>
            [.. lines.Where(l => kinds.Contains(l.Kind)).Select(l => l.Target!.Value)];

        var deals = await session.LoadManyAsync<Deal>(ct, [.. IdsOf(ImportKind.Deal).Concat(TargetsOf(ImportKind.Commitment)).Distinct()]);
        var commitments = await session.LoadManyAsync<Commitment>(ct,
            [.. IdsOf(ImportKind.Commitment).Concat(TargetsOf(ImportKind.Claim, ImportKind.Observation)).Distinct()]);
        var observationIds = IdsOf(ImportKind.Observation);
        var observations = await session.LoadManyAsync<Observation>(ct, observationIds);
        var submitted = await session.LoadManyAsync<SubmittedRequest>(ct, observationIds);
        var pseudonymIds = lines.Where(l => l.Kind == ImportKind.Observation)
            .Select(l => ((SubmitObservation)l.Request).Observer?.Trim()).OfType<string>().Where(ObserverContact.IsPseudonym)
            .Select(name => sealing.PseudonymClaimId(command.By.OrganizationId, name)).Distinct().ToArray();
        var pseudonyms = await session.LoadManyAsync<PseudonymClaim>(ct, pseudonymIds);
        return new ImportState(deals.ToDictionary(d => d.Id), commitments.ToDictionary(c => c.Id), observations.ToDictionary(o => o.Id),
            submitted.ToDictionary(s => s.Id), pseudonyms.ToDictionary(p => p.Id), await session.UnitCatalogueAsync(ct),
            command.First ? null : await session.LoadAsync<ImportReport>(command.ImportId, ct));
    }

    public static ImportedBatch Handle(
        ImportBatchCommand command, ImportState state, ObservationSealing sealing, TimeProvider clock, IDocumentSession session)
    {
        var decided = Decide(command, state, sealing, clock);
        foreach (var operation in decided.Operations) operation.Execute(session);
        return new ImportedBatch(decided.Report);
    }

    /// <summary>Every line of the batch in order: accepted (with what it appends), already imported, or rejected.</summary>
    public static DecidedBatch Decide(ImportBatchCommand command, ImportState state, ObservationSealing sealing, TimeProvider clock)
    {
        var by = command.By;
        var deals = new Dictionary<Guid, Deal>(state.Deals);
        var commitments = new Dictionary<Guid, Commitment>(state.Commitments);
        var pseudonyms = new Dictionary<string, PseudonymClaim>(state.Pseudonyms);
        var operations = new List<IMartenOp>();
        var report = (state.Report ?? ImportReport.Start(command.ImportId, by, clock.GetUtcNow())).Reading(command.LinesRead);
        foreach (var rejected in command.Unread) report = report.Rejecting(rejected);

        foreach (var line in command.Lines)
        {
            var (done, problem, appended) = line.Kind switch
            {
                ImportKind.Deal => Deal(line),
                ImportKind.Commitment => Commitment(line),
                ImportKind.Claim => Claim(line),
                _ => Observation(line),
            };
            report = problem is not null ? report.Rejecting(Rejection(line, problem))
                : done ? report.AlreadyImporting(line) : report.Accepting(line, appended);
        }
        if (command.Last) report = report.Finished(clock.GetUtcNow());
        operations.Add(MartenOps.Store(report));
        return new DecidedBatch(operations, report);

        (bool Done, ProblemDetails? Problem, int Events) Deal(ImportLine line)
        {
            if (deals.ContainsKey(line.Id)) return (true, null, 0);
            var (outcome, start) = RegisterDealHandler.Handle(new RegisterDealCommand(line.Id, (RegisterDeal)line.Request, by));
            if (outcome.Refusal is { } refusal) return (false, refusal, 0);
            var registered = (DealRegistered)((IStartStream)start).Events.Single();
            deals[line.Id] = Deals.Deal.Create(registered);
            operations.Add(start);
            return (false, null, 1);
        }

        (bool Done, ProblemDetails? Problem, int Events) Commitment(ImportLine line)
        {
            if (commitments.ContainsKey(line.Id)) return (true, null, 0);
            var make = new MakeCommitmentCommand(line.Target!.Value, line.Id, (MakeCommitment)line.Request, by);
            var (outcome, start) = MakeCommitmentHandler.Handle(make, deals.GetValueOrDefault(line.Target!.Value), state.Units, clock);
            if (outcome.Refusal is { } refusal) return (false, refusal, 0);
            commitments[line.Id] = Commitments.Commitment.Create((CommitmentMade)((IStartStream)start).Events.Single());
            operations.Add(start);
            return (false, null, 1);
        }

        (bool Done, ProblemDetails? Problem, int Events) Claim(ImportLine line)
        {
            var commitment = commitments.GetValueOrDefault(line.Target!.Value);
            if (commitment?.Claims.Any(c => c.Id == line.Id) == true) return (true, null, 0);
            var claim = new ClaimDeliveryCommand(line.Target!.Value, line.Id, (ClaimDelivery)line.Request, by);
            var (claimed, problem) = ClaimDeliveryHandler.Check(claim, commitment, clock.Today());
            if (claimed is null) return (false, problem, 0);
            commitments[commitment!.Id] = commitment.Apply(claimed);
            operations.Add(new AppendEvent(commitment.Id, claimed));
            return (false, null, 1);
        }

        (bool Done, ProblemDetails? Problem, int Events) Observation(ImportLine line)
        {
            var submit = new SubmitObservationCommand(line.Target!.Value, line.Id, (SubmitObservation)line.Request, by);
            var pseudonymId = submit.Request.Observer?.Trim() is { } name && ObserverContact.IsPseudonym(name)
                ? sealing.PseudonymClaimId(by.OrganizationId, name) : null;
            var (outcome, stream, key, claim, request) = SubmitObservationHandler.Plan(submit,
                commitments.GetValueOrDefault(submit.CommitmentId),
                state.Observations.GetValueOrDefault(line.Id),
                state.Submitted.GetValueOrDefault(line.Id),
                pseudonymId is null ? null : pseudonyms.GetValueOrDefault(pseudonymId), sealing, clock);
            if (outcome.Refusal is { } refusal) return (false, refusal, 0);
            if (outcome.Appended!.AlreadyRecorded) return (true, null, 0);
            if (claim is InsertDoc<PseudonymClaim> { Document: PseudonymClaim held }) pseudonyms[held.Id] = held;
            operations.AddRange([stream, key, claim, request]);
            return (false, null, 1);
        }
    }

    /// <summary>A refusal as the report names it: its field errors, or, for a missing deal or commitment, the field naming it.</summary>
    static RejectedLine Rejection(ImportLine line, ProblemDetails problem) => new(line.Number, line.Ref,
        problem is ValidationProblemDetails { Errors.Count: > 0 } invalid ? invalid.Errors.ToDictionary()
        : new Dictionary<string, string[]>
        {
            [problem.Status == StatusCodes.Status404NotFound ? line.Kind == ImportKind.Commitment ? "deal" : "commitment" : "$"] =
                [problem.Detail ?? problem.Title ?? "was refused"],
        });

    /// <summary>An event appended to a stream that exists, with Marten's quick append.</summary>
    sealed record AppendEvent(Guid StreamId, object Event) : IMartenOp
    {
        public void Execute(IDocumentSession session) => session.Events.Append(StreamId, Event);
    }
}

/// <summary>What a batch answers: the import's report as it stands after the batch.</summary>
public sealed record ImportedBatch(ImportReport Report);
