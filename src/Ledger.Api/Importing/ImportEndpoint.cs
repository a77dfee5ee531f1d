using System.Security.Claims;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace Ledger.Importing;

public static class ImportEndpoint
{
    public const string Route = "/api/imports";
    public const string MediaType = "application/x-ndjson";

    /// <summary>The largest import body: about 30,000 typical lines; a larger file is cut into several imports or run by the CLI.</summary>
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>
    /// One write per line (NDJSON). The body is read whole before anything is written, so one too large changes nothing;
    /// then the lines are imported in batches. The Idempotency-Key names the import: sending the same body again with it
    /// (after a timeout, say) records nothing twice and imports what the first attempt did not reach.
    /// </summary>
    [Tags(Capability.Imports), EndpointSummary("Import many writes, one per NDJSON line")]
    [WolverinePost(Route, OperationId = "importLines"), Authorize(Policy = Policies.Curator), ImportsLines]
    [ProducesResponseType<ImportReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(
        HttpContext http, [FromHeader(Name = Writes.IdempotencyHeader)] string idempotencyKey, ClaimsPrincipal user,
        IMessageBus bus, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey))
            return Results.Problem(new FieldErrors().Add(Writes.IdempotencyHeader, "is required: it names the import").ToProblem());
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        if (body.Length == 0)
            return Results.Problem(new FieldErrors().Add("$", "holds no line: send one write per line").ToProblem());
        body.Position = 0;
        using var reader = new StreamReader(body);
        var caller = Caller.From(user)!;
        var importId = Importer.IdOf(caller, idempotencyKey);
        var report = await bus.ImportAsync(importId, reader, caller, json.Value.SerializerOptions, ct: http.RequestAborted);
        http.Response.Headers.Location = $"{Route}/{importId}";
        return report is { Accepted: 0, AlreadyImported: 0 } ? Results.Problem(NothingImported(report)) : Results.Ok(report);
    }

    /// <summary>Every line refused: a 400 as for one refused write, each error keyed by its line and field.</summary>
    static ProblemDetails NothingImported(ImportReport report)
    {
        var errors = new FieldErrors();
        foreach (var line in report.RejectedLines)
            foreach (var (field, messages) in line.Errors)
                foreach (var message in messages) errors.Add($"line {line.Line}: {field}", message);
        var problem = errors.ToProblem();
        problem.Title = "No line of the import could be imported";
        problem.Extensions["importId"] = report.Id;
        return problem;
    }
}

public static class GetImportEndpoint
{
    /// <summary>An import is its organization's (and the admins'): to anyone else it does not exist.</summary>
    public static ProblemDetails Validate([Document("importId", Required = false)] ImportReport? report, Guid importId, ClaimsPrincipal user) =>
        report is not null && Caller.From(user) is { } caller
        && (caller.Role == Role.Admin || caller.OrganizationId == report.OrganizationId)
            ? WolverineContinue.NoProblems
            : Problems.NotFound("Import", importId);

    [Tags(Capability.Imports), EndpointSummary("Get an import's progress and rejected lines")]
    [WolverineGet(ImportEndpoint.Route + "/{importId}", OperationId = "getImport"), Authorize(Policy = Policies.Curator)]
    public static ImportReport Get([Document("importId")] ImportReport report) => report;
}
