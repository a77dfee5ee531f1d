using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.Events;
using Ledger.Commitments;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Deals;
using Ledger.Importing;
using Ledger.Infrastructure.CodeGeneration;
using Ledger.Infrastructure.CommandLine;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Postgres;
using Ledger.Infrastructure.Writing;
using Ledger.LocalPostgres;
using Ledger.Measuring;
using Ledger.Observations;
using Ledger.Observations.AttachingEvidence;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Ledger.Parties;
using Ledger.Subscriptions;
using Ledger.Transparency;
using Ledger.Web;
using Ledger.Web.SigningIn;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Weasel.Core;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Http;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(HostSettings.For(args));
// Command line: `-- seed [path]`, `-- projections rebuild`, `-- db-apply`, `-- codegen write`, ... (`-- help`).
builder.Host.ApplyJasperFxExtensions();

// PostgreSQL: the configured connection string, else a private cluster from local binaries.
builder.Services.AddSingleton<LedgerDatabase>();
builder.Services.AddSingleton<DatabaseOutageLog>();
builder.Services.AddHttpContextAccessor();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<Ledger.Observations.Sealing.ObservationSealing>();
builder.Services.AddSingleton<ObserverPrivacy>();
builder.Services.AddSingleton<Ledger.OpenData.Ocds.OcdsPublication>();
builder.Services.AddSingleton<GroupCommit>();

builder.Services.AddMarten(services =>
    {
        var options = new StoreOptions();
        options.Connection(services.GetRequiredService<LedgerDatabase>().ConnectionString);
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.ConfigureDeals().ConfigureCommitments().ConfigureObservations().ConfigureEvidence().ConfigureOrganizations().ConfigureTracking()
            .ConfigureUnits().ConfigureParties().ConfigureImports();
        options.KeepEventsAppendOnly();
        return options;
    })
    // Lightweight sessions, with a time budget on the commands of an HTTP request.
    .BuildSessionsWith<QueryTimeBudget>()
    // Before the daemon starts, so that nothing races to create the same tables.
    .ApplyAllDatabaseChangesOnStartup()
    // Wolverine runs every async projection and subscription on exactly one node of the cluster, and moves them to a live
    // node when one stops answering (it replaces Marten's own daemon coordination; a single node runs them all).
    .IntegrateWithWolverine(wolverine => wolverine.UseWolverineManagedEventSubscriptionDistribution = true)
    // Every due date made or revised, by any writer, gets a durable deadline check.
    .PublishEventsToWolverine("deadlines", relay =>
    {
        relay.PublishEvent<CommitmentMade>();
        relay.PublishEvent<CommitmentRevised>();
    });

builder.Services.AddTransparency();
builder.Services.AddWebhooks();

// Before Wolverine's own services: the node holds its liveness lock before it registers in the cluster.
builder.Services.AddHostedService<NodeLiveness>();
builder.Host.UseWolverine(options =>
{
    // Stated, not inferred: a host started from another entry assembly (benchmarks, test runners) must still find the endpoints.
    options.ApplicationAssembly = typeof(Program).Assembly;
    // Generated at start-up in Debug builds, pre-generated (Internal/Generated, `-- codegen write`) in Release builds.
    options.UseLedgerCodeGeneration();
    options.Policies.AutoApplyTransactions();
    // A route whose [Document] is missing answers 404 with a problem document, as every other refusal does.
    options.EntityDefaults.OnMissing = Wolverine.Persistence.OnMissing.ProblemDetailsWith404;
    // Every write handler records who asked, whichever way the write came in.
    options.Policies.ForMessagesOfType<IWrite>().AddMiddleware(typeof(EventAttribution));
    options.Policies.UseDurableLocalQueues();
    // A deadline check that loses a race on the stream version retries and then finds the event already there.
    options.OnException<ConcurrencyException>().RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));
    options.Durability.EnableDeduplicatedResponses = true;
    // Idempotency-Key replays hold for a week: long enough for an observer who retries after days offline.
    options.Durability.DeduplicationWindow = TimeSpan.FromDays(7);
    // Balanced (Wolverine's default) lets several API processes share one database; `Ledger:Durability` tunes it
    // (e.g. HealthCheckPollingTime, StaleNodeTimeout: how soon a silent node's projections move elsewhere).
    // The projections start once a node has led a health check: with Wolverine's 10 s heartbeat that left the gaps and
    // the transparency log still for 10–15 s after every start; a 2 s heartbeat costs one small query per node.
    options.Durability.FirstHealthCheckExecution = TimeSpan.FromSeconds(1);
    options.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(2);
    // A projection paused by a database outage is restarted after 2 s, then 4 s, 8 s, ... while it keeps failing: capped
    // at 5 s instead of Wolverine's 5 minutes, so the log and the gaps resume within seconds of even a long outage.
    options.Durability.TransientFailureRestartMaxBackoff = TimeSpan.FromSeconds(5);
    // An agent whose start failed while the database was away (its start retries spent) is started again at the next
    // assignment check: every 5 s rather than Wolverine's 30 s.
    options.Durability.CheckAssignmentPeriod = TimeSpan.FromSeconds(5);
    // Wolverine's envelope-count gauges are exported nowhere here, and on a timer they count the inbox by status: with
    // a durable deadline check scheduled per due date, a scan of every scheduled check (240 ms at 160k), on the cores
    // the reads share. `Ledger:Durability:DurabilityMetricsEnabled=true` turns them back on.
    options.Durability.DurabilityMetricsEnabled = false;
    builder.Configuration.GetSection("Ledger:Durability").Bind(options.Durability);
});
builder.Services.AddWolverineHttp();

builder.Services.ConfigureHttpJsonOptions(json => StrictJson.ConfigureRequests(json.SerializerOptions));

builder.Services.AddSingleton<BootstrapAdminKey>();
builder.Services.AddSingleton<IssuedKeys>();
// /api takes bearer API keys only; the pages take the cookie session opened at /sign-in with the same keys.
builder.Services.AddAuthentication(WebAuth.DefaultScheme)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
    .AddWebSession();
builder.Services.AddAuthorization(Policies.Add);

builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = MalformedJsonProblems.Rewrite);
builder.Services.AddExceptionHandler<ExceptionProblems>();
builder.Services.AddRateLimits(builder.Configuration);
builder.Services.AddLedgerOpenApi();
builder.Services.AddWebPages();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes;
    kestrel.Limits.MaxRequestHeadersTotalSize = RequestBoundary.MaxHeaderBytes;
    kestrel.Limits.MaxRequestHeaderCount = RequestBoundary.MaxHeaderCount;
});
Ledger.Seeding.SeedSettings.AddSeeding(builder.Services); // after AddMarten: seeds load once the schema is in place

var app = builder.Build();

app.UseForwardedClients(app.Configuration);
app.UseHeadAsGet();
app.UseRouting();
app.UseResponseCompression();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCorrelationIds();
app.UseRequestBoundary();
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseRefusalOfInvalidKeys();
app.UseRateLimits();
app.UseAuthorization();
app.UseEntityTags();

app.MapLedgerOpenApi();
app.MapWebPages();
Ledger.Feeds.LedgerFeeds.MapFeeds(app);
app.MapWolverineEndpoints(http =>
{
    http.DefaultClaimInTransaction = true;
    http.RejectUnparseableQueryValues = true;
    http.MapConcurrencyFailuresToConflict();
});

try
{
    var command = HostSettings.RemoveFrom(args); // the host has read its settings from args already
    GeneratedCode.ClearBeforeWrite(command, app.Environment);
    // A plain run says at start-up where the admin key is.
    if (command.Length == 0) _ = app.Services.GetRequiredService<BootstrapAdminKey>().Value;
    return await app.RunJasperFxCommands(command);
}
catch (Exception e) when (PostgresUnavailableException.FoundIn(e) is { } missing)
{
    Console.Error.WriteLine(missing.Message);
    return 1;
}

public partial class Program;
