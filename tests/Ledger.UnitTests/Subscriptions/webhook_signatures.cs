using Ledger.Subscriptions.Delivering;

namespace Ledger.UnitTests.Subscriptions;

public class webhook_signatures
{
    [Fact]
    public void the_signature_is_the_hex_hmac_sha256_of_the_timestamp_a_dot_and_the_body()
    {
        // Computed apart, with Python's hmac module: hmac.new(b"secret", b"1700000000.{}", hashlib.sha256).hexdigest()
        const string python = "b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163";

        Assert.Equal($"t=1700000000,v1={python}", WebhookSignature.Sign("secret", 1700000000, "{}"));
    }

    [Fact]
    public void another_timestamp_body_or_secret_gives_another_signature()
    {
        var signature = WebhookSignature.Sign("secret", 1700000000, """{"a":1}""");

        Assert.NotEqual(signature[signature.IndexOf("v1=")..],
            WebhookSignature.Sign("secret", 1700000001, """{"a":1}""")[signature.IndexOf("v1=")..]);
        Assert.NotEqual(signature, WebhookSignature.Sign("secret", 1700000000, """{"a":2}"""));
        Assert.NotEqual(signature, WebhookSignature.Sign("secreT", 1700000000, """{"a":1}"""));
    }

    [Fact]
    public void a_generated_secret_is_64_hex_digits_and_new_each_time()
    {
        var secret = WebhookSignature.NewSecret();

        Assert.Matches("^[0-9a-f]{64}$", secret);
        Assert.NotEqual(secret, WebhookSignature.NewSecret());
    }
}
