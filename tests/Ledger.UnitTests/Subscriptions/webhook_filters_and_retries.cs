using Ledger.Infrastructure.Writing;
using Ledger.Subscriptions;
using Ledger.Subscriptions.Delivering;
using Ledger.Subscriptions.Subscribing;

namespace Ledger.UnitTests.Subscriptions;

public class webhook_filters_and_retries
{
    static readonly Guid Deal = Guid.Parse("0197a000-0000-7000-8000-000000000001");
    static readonly Guid OtherDeal = Guid.Parse("0197a000-0000-7000-8000-000000000002");
    static readonly HashSet<string> None = [];

    [Fact]
    public void an_empty_filter_lets_every_entry_through()
    {
        var all = new SubscriptionFilter([], [], []);
        Assert.True(all.Matches(Deal, "deal-amended", [], None));
        Assert.True(all.Matches(OtherDeal, "observation-accepted", ["a company"], None));
    }

    [Fact]
    public void each_list_of_a_filter_narrows_it()
    {
        var filter = new SubscriptionFilter([Deal], ["Sicomines"], ["deadline-passed"]);
        HashSet<string> wanted = ["sicomines", "chinese consortium"];

        Assert.True(filter.Matches(Deal, "deadline-passed", ["chinese consortium"], wanted));
        Assert.False(filter.Matches(OtherDeal, "deadline-passed", ["chinese consortium"], wanted));
        Assert.False(filter.Matches(Deal, "deal-amended", ["chinese consortium"], wanted));
        Assert.False(filter.Matches(Deal, "deadline-passed", ["another company"], wanted));
    }

    static WebhookDelivery Pending() => new(Guid.NewGuid(), Guid.NewGuid(), 7, "deal-amended", Deal, "{}",
        DateTimeOffset.UnixEpoch, DeliveryState.Pending, []);

    static DeliveryAttempt Attempt(int? status, string? error = null) => new(DateTimeOffset.UnixEpoch, status, error);

    static readonly TimeSpan[] Delays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    [Fact]
    public void a_failed_attempt_waits_each_delay_in_turn_then_gives_up()
    {
        var refused = Attempt(503);
        var (first, firstWait) = DeliverWebhookHandler.Decide(Pending(), refused, Delays);
        var (second, secondWait) = DeliverWebhookHandler.Decide(first, Attempt(null, "refused"), Delays);
        var (third, thirdWait) = DeliverWebhookHandler.Decide(second, refused, Delays);

        Assert.Equal((DeliveryState.Pending, TimeSpan.FromSeconds(1)), (first.State, firstWait));
        Assert.Equal((DeliveryState.Pending, TimeSpan.FromSeconds(5)), (second.State, secondWait));
        Assert.Equal(DeliveryState.Failed, third.State);
        Assert.Null(thirdWait);
        Assert.Equal(3, third.Attempts.Count);
    }

    [Fact]
    public void a_2xx_answer_delivers_and_nothing_more_is_scheduled()
    {
        var (delivered, wait) = DeliverWebhookHandler.Decide(Pending(), Attempt(204), Delays);

        Assert.Equal(DeliveryState.Delivered, delivered.State);
        Assert.Null(wait);
        Assert.Equal(204, Assert.Single(delivered.Attempts).Status);
    }

    [Fact]
    public void a_redirect_is_not_a_delivery()
    {
        var (redirected, wait) = DeliverWebhookHandler.Decide(Pending(), Attempt(302), Delays);

        Assert.Equal(DeliveryState.Pending, redirected.State);
        Assert.NotNull(wait);
    }

    [Fact]
    public void the_default_retries_span_about_a_day()
    {
        var total = WebhookSettings.DefaultRetryDelays.Aggregate(TimeSpan.Zero, (sum, d) => sum + d);
        Assert.InRange(total, TimeSpan.FromHours(20), TimeSpan.FromHours(26));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2)], WebhookSettings.ParseDelays("00:00:01, 00:02:00"));
        Assert.Throws<InvalidOperationException>(() => WebhookSettings.ParseDelays("soon"));
    }

    [Fact]
    public void a_request_names_every_bad_field_at_once()
    {
        var request = new Subscribe("ftp://x", "short", new SubscribeFilter([Guid.Empty], [""], ["deal-registered", null]));

        var (url, _, filter, errors) = request.Parse(allowPrivate: false);

        Assert.Null(url);
        Assert.Null(filter);
        Assert.Equal(["filter.deals[0]", "filter.kinds[0]", "filter.kinds[1]", "filter.parties[0]", "secret", "url"],
            errors.Errors.Keys.Order());
    }

    [Fact]
    public void a_key_holds_at_most_its_cap_of_subscriptions()
    {
        Assert.False(SubscribeHandler.Check(24, 25).Refuses());
        Assert.Equal(409, SubscribeHandler.Check(25, 25).Status);
    }
}
