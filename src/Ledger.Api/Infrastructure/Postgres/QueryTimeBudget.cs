using Marten;
using Marten.Services;
using SessionOptions = Marten.Services.SessionOptions;

namespace Ledger.Infrastructure.Postgres;

/// <summary>
/// How long one database command of an HTTP request may run (<c>Ledger:Queries:TimeoutSeconds</c>, default 5 s; 0 for
/// none) before Npgsql cancels it and the route answers 503 with <c>Retry-After</c>, rather than holding a connection for
/// as long as an expensive read takes. Only sessions opened while a request is being served get it: the projection
/// daemon, rebuilds, seeding, migrations and background handlers keep Npgsql's own command timeout.
/// </summary>
public sealed class QueryTimeBudget(IDocumentStore documents, IHttpContextAccessor http, IConfiguration configuration)
    : SessionFactoryBase(documents)
{
    readonly IDocumentStore _documents = documents;

    public const string Setting = "Ledger:Queries:TimeoutSeconds";
    public const int DefaultSeconds = 5;

    readonly int _seconds = configuration.GetValue(Setting, DefaultSeconds);

    public override SessionOptions BuildOptions() => new()
    {
        Tracking = DocumentTracking.None,
        Timeout = http.HttpContext is not null && _seconds > 0 ? _seconds : null,
    };

    public override IQuerySession QuerySession() => _documents.QuerySession(BuildOptions());
}
