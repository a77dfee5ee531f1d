using System.Text;
using Ledger.Observations.AttachingEvidence;

namespace Ledger.UnitTests.Observations;

public class stripping_metadata
{
    static byte[] Segment(byte marker, string payload) =>
        [0xFF, marker, .. BitConverter.GetBytes((ushort)(payload.Length + 2)).Reverse(), .. Encoding.ASCII.GetBytes(payload)];

    /// <summary>A JPEG's structure: what cameras write before the image data, then the scan to the end.</summary>
    public static byte[] Jpeg(string gps = "GPS -10.712345 25.476543") =>
    [
        0xFF, 0xD8, .. Segment(0xE0, "JFIF\0\u0001\u0002"), .. Segment(0xE1, $"Exif\0\0{gps} serial 12345"),
        .. Segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<creator>Jean</creator>"), .. Segment(0xE2, "ICC_PROFILE\0colours"),
        .. Segment(0xED, "Photoshop 3.0\0byline"), .. Segment(0xFE, "taken by Jean"), .. Segment(0xDB, "quantisation"),
        0xFF, 0xDA, 0x00, 0x04, 0x01, 0x02, 0x11, 0x22, 0x33, 0xFF, 0xD9,
    ];

    static byte[] Chunk(string type, string data) =>
        [.. BitConverter.GetBytes(data.Length).Reverse(), .. Encoding.ASCII.GetBytes(type), .. Encoding.ASCII.GetBytes(data), 1, 2, 3, 4];

    public static byte[] Png() =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", "0123456789abc"), .. Chunk("tEXt", "Author\0Jean"),
        .. Chunk("eXIf", "GPS -10.712345"), .. Chunk("tIME", "2024xx"), .. Chunk("IDAT", "pixels"), .. Chunk("IEND", ""),
    ];

    [Fact]
    public void a_jpeg_keeps_its_image_and_colours_and_loses_exif_xmp_iptc_and_comments()
    {
        var stripped = Encoding.Latin1.GetString(MetadataStripping.Stripped(Jpeg())!);

        foreach (var gone in new[] { "GPS", "serial", "Jean", "byline", "Exif" }) Assert.DoesNotContain(gone, stripped);
        foreach (var kept in new[] { "JFIF", "ICC_PROFILE", "quantisation" }) Assert.Contains(kept, stripped);
        Assert.EndsWith("\u0011\u0022\u0033\u00FF\u00D9", stripped);
    }

    [Fact]
    public void a_png_loses_its_text_exif_and_time_chunks()
    {
        var stripped = Encoding.Latin1.GetString(MetadataStripping.Stripped(Png())!);

        foreach (var gone in new[] { "tEXt", "Jean", "eXIf", "GPS", "tIME" }) Assert.DoesNotContain(gone, stripped);
        foreach (var kept in new[] { "IHDR", "IDAT", "pixels", "IEND" }) Assert.Contains(kept, stripped);
    }

    [Fact]
    public void the_media_type_is_read_from_the_bytes_and_a_file_it_cannot_strip_is_not_taken()
    {
        Assert.Equal("image/jpeg", MetadataStripping.MediaTypeOf(Jpeg()));
        Assert.Equal("image/png", MetadataStripping.MediaTypeOf(Png()));
        Assert.Null(MetadataStripping.MediaTypeOf("%PDF-1.7 document"u8));
        Assert.Null(MetadataStripping.Stripped(Jpeg()[..40])); // cut short: no scan to keep
        Assert.Null(MetadataStripping.Stripped([.. Png()[..30]]));
    }
}
