using Ledger.Organizations.Keys;

namespace Ledger.UnitTests.Organizations;

public class api_keys
{
    static readonly Guid KeyId = Guid.Parse("0197a000-0000-7000-8000-0000000000ab");

    [Fact]
    public void a_formatted_key_parses_back_to_its_id_and_secret()
    {
        var secret = ApiKeys.NewSecret();

        Assert.True(ApiKeys.TryParse(ApiKeys.Format(KeyId, secret), out var keyId, out var parsed));

        Assert.Equal(KeyId, keyId);
        Assert.Equal(secret, parsed);
    }

    [Fact]
    public void a_key_reads_as_prefix_hex_id_and_secret() =>
        Assert.Equal("ldg_0197a0000000700080000000000000ab_s3cret", ApiKeys.Format(KeyId, "s3cret"));

    [Fact]
    public void a_secret_containing_underscores_survives_the_round_trip()
    {
        Assert.True(ApiKeys.TryParse(ApiKeys.Format(KeyId, "a_b_c"), out var keyId, out var secret));

        Assert.Equal(KeyId, keyId);
        Assert.Equal("a_b_c", secret);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ldg_")]
    [InlineData("Bearer ldg_0197a000000070008000000000000ab0_secret")]
    [InlineData("LDG_0197a000000070008000000000000ab0_secret")]
    [InlineData("xyz_0197a000000070008000000000000ab0_secret")]
    [InlineData("ldg_0197a000000070008000000000000ab0_")]
    [InlineData("ldg_0197a000000070008000000000000ab0")]
    [InlineData("ldg_0197a000000070008000000000000ab0-secret")]
    [InlineData("ldg_0197a00000007000800000000000ab0_secret")]
    [InlineData("ldg_0197a000-0000-7000-8000-0000000000ab_secret")]
    [InlineData("ldg_zz97a000000070008000000000000ab0_secret")]
    public void a_malformed_key_is_rejected(string key)
    {
        Assert.False(ApiKeys.TryParse(key, out var keyId, out var secret));
        Assert.Equal(Guid.Empty, keyId);
        Assert.Equal("", secret);
    }

    [Fact]
    public void the_right_secret_matches_its_stored_hash()
    {
        var secret = ApiKeys.NewSecret();

        Assert.True(ApiKeys.Matches(secret, ApiKeys.Hash(secret)));
    }

    [Fact]
    public void a_wrong_secret_does_not_match()
    {
        var stored = ApiKeys.Hash(ApiKeys.NewSecret());

        Assert.False(ApiKeys.Matches(ApiKeys.NewSecret(), stored));
        Assert.False(ApiKeys.Matches("", stored));
    }

    [Fact]
    public void the_stored_hash_is_the_lowercase_hex_sha256_of_the_secret() =>
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ApiKeys.Hash("test"));

    [Fact]
    public void new_secrets_are_unique_url_safe_and_carry_256_bits()
    {
        var secrets = Enumerable.Range(0, 1000).Select(_ => ApiKeys.NewSecret()).ToList();

        Assert.Equal(secrets.Count, secrets.Distinct().Count());
        Assert.All(secrets, s =>
        {
            Assert.Equal(43, s.Length);
            Assert.True(s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), s);
            Assert.Equal(s, Uri.EscapeDataString(s));
        });
    }

    [Fact]
    public void same_secret_compares_values_not_references()
    {
        Assert.True(ApiKeys.SameSecret("bootstrap-secret", new string("bootstrap-secret".ToCharArray())));
        Assert.False(ApiKeys.SameSecret("bootstrap-secret", "bootstrap-secreT"));
    }
}
