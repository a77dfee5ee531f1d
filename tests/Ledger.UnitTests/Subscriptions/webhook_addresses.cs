using System.Net;
using Ledger.Infrastructure.Validation;
using Ledger.Subscriptions.Delivering;

namespace Ledger.UnitTests.Subscriptions;

public class webhook_addresses
{
    [Theory]
    [InlineData("127.0.0.1")] [InlineData("127.5.6.7")] [InlineData("0.0.0.0")] [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")] [InlineData("172.31.255.255")] [InlineData("192.168.1.1")] [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")] [InlineData("224.0.0.1")] [InlineData("239.255.255.250")] [InlineData("255.255.255.255")]
    [InlineData("::1")] [InlineData("::")] [InlineData("fe80::1")] [InlineData("fc00::1")] [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")] [InlineData("::ffff:127.0.0.1")] [InlineData("::ffff:10.0.0.1")] [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")] [InlineData("2002:c0a8:0101::1")] [InlineData("::127.0.0.1")]
    public void non_public_addresses_are_refused(string address) =>
        Assert.False(WebhookAddresses.IsPublic(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("93.184.215.14")] [InlineData("8.8.8.8")] [InlineData("172.32.0.1")] [InlineData("172.15.255.255")]
    [InlineData("100.128.0.1")] [InlineData("2606:4700:4700::1111")] [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")] [InlineData("2002:0808:0808::1")]
    public void public_addresses_pass(string address) =>
        Assert.True(WebhookAddresses.IsPublic(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("http://127.0.0.1/hook")] [InlineData("http://[::1]:8080/hook")] [InlineData("http://10.0.0.5/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")] [InlineData("http://localhost:5000/hook")]
    [InlineData("http://api.localhost/hook")] [InlineData("http://[::ffff:127.0.0.1]/hook")] [InlineData("http://0.0.0.0/")]
    [InlineData("http://2130706433/")] // 127.0.0.1 as one decimal number
    public void a_url_naming_a_private_address_is_refused_unless_the_operator_allows_it(string url)
    {
        var refused = new FieldErrors();
        Assert.Null(WebhookAddresses.ParseUrl(url, allowPrivate: false, refused));
        Assert.Contains("public address", Assert.Single(refused.Errors["url"]));

        var allowed = new FieldErrors();
        Assert.NotNull(WebhookAddresses.ParseUrl(url, allowPrivate: true, allowed));
        Assert.False(allowed.Any);
    }

    [Theory]
    [InlineData(null, "is required")] [InlineData("  ", "is required")] [InlineData("ftp://example.org/x", "absolute http")]
    [InlineData("/relative/path", "absolute http")] [InlineData("https://user:pass@example.org/hook", "user name")]
    [InlineData("file:///etc/passwd", "absolute http")]
    public void a_url_that_is_not_an_absolute_http_address_without_credentials_is_refused(string? url, string message)
    {
        var errors = new FieldErrors();
        Assert.Null(WebhookAddresses.ParseUrl(url, allowPrivate: true, errors));
        Assert.Contains(message, Assert.Single(errors.Errors["url"]));
    }

    [Fact]
    public void a_url_longer_than_2000_characters_is_refused_and_one_of_2000_passes()
    {
        var prefix = "https://example.org/";
        var errors = new FieldErrors();
        Assert.Null(WebhookAddresses.ParseUrl(prefix + new string('a', 2001 - prefix.Length), false, errors));
        Assert.Contains("2000", Assert.Single(errors.Errors["url"]));
        Assert.NotNull(WebhookAddresses.ParseUrl(prefix + new string('a', 2000 - prefix.Length), false, new FieldErrors()));
    }

    [Fact]
    public void resolved_addresses_pass_only_when_every_one_is_public()
    {
        Assert.Null(WebhookAddresses.Refusal([IPAddress.Parse("93.184.215.14")]));
        Assert.NotNull(WebhookAddresses.Refusal([IPAddress.Parse("93.184.215.14"), IPAddress.Parse("10.0.0.1")]));
        Assert.Contains("does not resolve", WebhookAddresses.Refusal([]));
    }
}
