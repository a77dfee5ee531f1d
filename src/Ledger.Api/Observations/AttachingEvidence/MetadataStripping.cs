using System.Buffers.Binary;

namespace Ledger.Observations.AttachingEvidence;

/// <summary>
/// The copy of a file the public may download: the same picture without what could place or name its maker — a
/// JPEG's EXIF (GPS, camera serial, time), XMP, IPTC and comments; a PNG's text chunks, EXIF and time. Only types it can
/// strip are accepted at all: the media type is read from the file's own bytes, never from what the client says.
/// </summary>
public static class MetadataStripping
{
    public const string Jpeg = "image/jpeg", Png = "image/png";
    public static readonly IReadOnlyList<string> Strippable = [Jpeg, Png];

    /// <summary>The media type the bytes are, among those this can strip; null for anything else.</summary>
    public static string? MediaTypeOf(ReadOnlySpan<byte> file) =>
        file.Length > 3 && file[0] == 0xFF && file[1] == 0xD8 && file[2] == 0xFF ? Jpeg
        : file.Length > 8 && file[..8].SequenceEqual(PngSignature) ? Png
        : null;

    /// <summary>The stripped copy, or null when the file is not well-formed enough to strip with certainty.</summary>
    public static byte[]? Stripped(byte[] file) => MediaTypeOf(file) switch
    {
        Jpeg => StrippedJpeg(file),
        Png => StrippedPng(file),
        _ => null,
    };

    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // APP1 (EXIF, XMP), APP2..APP15 but for APP2's ICC colour profile, and COM: what cameras and editors write about the maker.
    static bool Identifying(byte marker, ReadOnlySpan<byte> payload) =>
        marker == 0xFE || (marker is >= 0xE1 and <= 0xEF && !(marker == 0xE2 && payload.StartsWith("ICC_PROFILE\0"u8)));

    static byte[]? StrippedJpeg(byte[] file)
    {
        using var copy = new MemoryStream(file.Length);
        copy.Write(file, 0, 2); // SOI
        var at = 2;
        while (at + 4 <= file.Length)
        {
            if (file[at] != 0xFF) return null;
            var marker = file[at + 1];
            if (marker == 0xDA) // start of scan: the image data follows to the end, copied as it is
            {
                copy.Write(file, at, file.Length - at);
                return copy.ToArray();
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at + 2));
            if (length < 2 || at + 2 + length > file.Length) return null;
            if (!Identifying(marker, file.AsSpan(at + 4, length - 2))) copy.Write(file, at, 2 + length);
            at += 2 + length;
        }
        return null;
    }

    static readonly HashSet<string> IdentifyingChunks = ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"];

    static byte[]? StrippedPng(byte[] file)
    {
        using var copy = new MemoryStream(file.Length);
        copy.Write(PngSignature);
        var at = PngSignature.Length;
        while (at + 12 <= file.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            if (length > int.MaxValue - 12 || at + 12 + (long)length > file.Length) return null;
            var type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            var size = 12 + (int)length;
            if (!IdentifyingChunks.Contains(type)) copy.Write(file, at, size);
            at += size;
            if (type == "IEND") return copy.ToArray();
        }
        return null;
    }
}
