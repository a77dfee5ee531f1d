using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Ledger.Commitments;
using Ledger.Deals;
using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Postgres;
using Ledger.Infrastructure.Recording;
using Ledger.Observations;
using Ledger.Organizations;
using Ledger.Transparency;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Scalar.AspNetCore;
using Weasel.Core;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(args);

// PostgreSQL: the configured connection string, else a private cluster from local binaries.
builder.Services.AddSingleton<LedgerDatabase>();
builder.Services.AddSingleton(TimeProvider.System);

builder.Services.AddMarten(services =>
    {
        var options = new StoreOptions();
        options.Connection(services.GetRequiredService<LedgerDatabase>().ConnectionString);
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.ConfigureDeals().ConfigureCommitments().ConfigureObservations().ConfigureOrganizations();
        return options;
    })
    .UseLightweightSessions()
    .IntegrateWithWolverine()
    .ApplyAllDatabaseChangesOnStartup() // before the daemon starts, which would otherwise race the start-up DDL
    .AddAsyncDaemon(DaemonMode.Solo); // feeds the transparency log; two nodes in Solo are safe: the log serialises its appends

builder.Services.AddHostedService<AppendOnlyEvents>();
builder.Services.AddTransparency();

builder.Host.UseWolverine(options =>
{
    options.UseRuntimeCompilation();
    options.Policies.AutoApplyTransactions();
    options.Durability.EnableDeduplicatedResponses = true;
    // Idempotency-Key replays hold for a week: long enough for an observer who retries after days offline.
    options.Durability.DeduplicationWindow = TimeSpan.FromDays(7);
});
builder.Services.AddWolverineHttp();

builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
});

builder.Services.AddSingleton<BootstrapAdminKey>();
builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
builder.Services.AddAuthorization(Policies.Add);

builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = MalformedJsonProblems.Rewrite);
builder.Services.AddExceptionHandler<ExceptionProblems>();
builder.Services.AddOpenApi();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCorrelationIds();
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapGet("/", () => Results.Redirect("/scalar")).ExcludeFromDescription();
app.MapWolverineEndpoints(http =>
{
    http.DefaultClaimInTransaction = true;
    http.RejectUnparseableQueryValues = true;
    http.MapConcurrencyFailuresToConflict();
    http.AddMiddleware(typeof(EventAttribution), chain => chain.HttpMethods.Contains("POST"));
});

try
{
    _ = app.Services.GetRequiredService<BootstrapAdminKey>().Value; // say at start-up where the admin key is, not at the first write
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (PostgresUnavailable(e) is { } missing)
{
    Console.Error.WriteLine(missing.Message);
    return 1;
}

// Start-up failures arrive wrapped by the DI container or the host; the cause is what the user must read.
static PostgresUnavailableException? PostgresUnavailable(Exception? e) =>
    e switch
    {
        null => null,
        PostgresUnavailableException missing => missing,
        AggregateException aggregate => aggregate.InnerExceptions.Select(PostgresUnavailable).FirstOrDefault(m => m is not null),
        _ => PostgresUnavailable(e.InnerException),
    };

public partial class Program;
