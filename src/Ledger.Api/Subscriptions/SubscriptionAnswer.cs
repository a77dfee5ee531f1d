using Microsoft.AspNetCore.Mvc;

namespace Ledger.Subscriptions;

/// <summary>
/// What a subscription write answers: what it did, or the problem for which it wrote nothing. (The ledger's own writes
/// answer an <c>Outcome</c> naming the event appended; a subscription appends none.)
/// </summary>
public sealed record SubscriptionAnswer<T>(T? Done, ProblemDetails? Refusal) where T : class
{
    public static implicit operator SubscriptionAnswer<T>(T done) => new(done, null);

    public static implicit operator SubscriptionAnswer<T>(ProblemDetails refusal) => new(null, refusal);
}
