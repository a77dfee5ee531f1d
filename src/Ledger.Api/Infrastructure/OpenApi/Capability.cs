namespace Ledger.Infrastructure.OpenApi;

/// <summary>
/// The OpenAPI tags: one per thing a client does with the ledger, so that a generated client groups its calls by capability
/// rather than by the C# class that serves them. Every endpoint names one with <c>[Tags(Capability.…)]</c>.
/// </summary>
public static class Capability
{
    public const string Deals = "Deals";
    public const string Commitments = "Commitments";
    public const string Gaps = "Gaps and track records";
    public const string Observations = "Observations";
    public const string Evidence = "Evidence";
    public const string Organizations = "Organizations and keys";
    public const string TransparencyLog = "Transparency log";
    public const string OpenData = "Open data";
    public const string Reference = "Reference data";
    public const string Operations = "Operations";
    public const string Subscriptions = "Subscriptions";
    public const string Imports = "Bulk import";

    public static readonly IReadOnlyList<(string Name, string Description)> All =
    [
        (Deals, "Deals between states and companies: their parties, amendments, announcements, curators, scorecard "
            + "and timeline."),
        (Commitments, "What a party promised in a deal, its revisions, the claims of delivery, its withdrawal, and its "
            + "status and history at any point in time."),
        (Gaps, "Promised against claimed against verified across the whole ledger, and each party's record."),
        (Observations, "What independent observers saw on the ground: submitted, moderated, listed, erased."),
        (Evidence, "Photos named by observations: uploaded, served without metadata, kept sealed as uploaded."),
        (Organizations, "The organizations that write to the ledger and their API keys."),
        (TransparencyLog, "The append-only Merkle log of every event: signed checkpoints, entries and proofs."),
        (OpenData, "OCDS 1.1 release and record packages, their flattened tables and the Ledger extension, for the "
            + "Open Contracting tool chain."),
        (Reference, "The catalogues other requests refer to."),
        (Operations, "Health and the cluster, for operators and load balancers."),
        (Subscriptions, "Signed webhooks of what changed (observations accepted, deadlines passed, amendments, "
            + "revisions), each caller's own, with a log of every delivery."),
        (Imports, "Many writes at once, one per NDJSON line, through the same rules as their routes: progress and rejected lines."),
    ];
}
