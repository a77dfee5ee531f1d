using System.Buffers.Binary;
using Ledger.Transparency.Log;

namespace Ledger.UnitTests.Transparency;

/// <summary>RFC 8785 (JCS): the published vectors of its author, its Appendix B number table, and the rules one by one.</summary>
public class canonicalising_json
{
    static string VectorDirectory => Path.Combine(AppContext.BaseDirectory, "Transparency", "Vectors", "json-canonicalization");

    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(VectorDirectory, "input")).Order()) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory, MemberData(nameof(Vectors))]
    public void the_published_inputs_give_the_published_outputs(string name)
    {
        var input = File.ReadAllText(Path.Combine(VectorDirectory, "input", name));
        var expected = File.ReadAllText(Path.Combine(VectorDirectory, "output", name));

        Assert.Equal(expected, CanonicalJson.Serialize(input));
    }

    // RFC 8785 Appendix B: IEEE 754 bit patterns and their one canonical text.
    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void numbers_are_written_as_ecmascript_writes_them(string ieee754, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(ieee754)));

        Assert.Equal(expected, CanonicalJson.FormatNumber(value));
        Assert.Equal(expected, CanonicalJson.Serialize(CanonicalJson.FormatNumber(value)));
    }

    [Theory]
    [InlineData("7fffffffffffffff")]
    [InlineData("7ff0000000000000")]
    public void nan_and_infinity_are_refused(string ieee754) =>
        Assert.Throws<FormatException>(() =>
            CanonicalJson.FormatNumber(BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(ieee754)))));

    [Theory]
    [InlineData("400", "400")]
    [InlineData("400.0", "400")]
    [InlineData("-10.71", "-10.71")]
    [InlineData("1E2", "100")]
    [InlineData("0.1e-6", "1e-7")]
    [InlineData("-0", "0")]
    public void the_same_number_has_one_text_however_it_was_written(string written, string canonical) =>
        Assert.Equal(canonical, CanonicalJson.Serialize(written));

    [Fact]
    public void members_are_sorted_by_utf16_code_units_not_by_code_points_nor_culture()
    {
        // U+FB33 (one UTF-16 unit, 0xFB33) sorts before U+1F600 (surrogates 0xD83D 0xDE00) by code points, after it by code units.
        var json = "{\"\\ufb33\":1,\"\\ud83d\\ude00\":2,\"a\":3,\"B\":4}";
        Assert.Equal("{\"B\":4,\"a\":3,\"\ud83d\ude00\":2,\"\ufb33\":1}", CanonicalJson.Serialize(json));
    }

    [Fact]
    public void strings_escape_only_what_json_requires()
    {
        Assert.Equal("\"\\u0001\\b\\t\\n\\f\\r\\\"\\\\/\u00e9\u20ac</script>\"",
            CanonicalJson.Serialize("\"\\u0001\\u0008\\u0009\\u000A\\u000C\\u000D\\\"\\\\\\/\\u00e9\u20ac</script>\""));
    }

    [Fact]
    public void whitespace_disappears_and_arrays_keep_their_order() =>
        Assert.Equal("[3,1,{\"a\":[true,false,null]},\"x y\"]", CanonicalJson.Serialize(" [ 3 , 1 , { \"a\" : [ true , false , null ] } , \"x y\" ] "));

    [Fact]
    public void a_member_named_twice_is_refused() =>
        Assert.Throws<FormatException>(() => CanonicalJson.Serialize("{\"a\":1,\"b\":2,\"a\":3}"));

    [Fact]
    public void a_lone_surrogate_is_refused() =>
        Assert.ThrowsAny<Exception>(() => CanonicalJson.Serialize("\"\\ud800x\""));
}
