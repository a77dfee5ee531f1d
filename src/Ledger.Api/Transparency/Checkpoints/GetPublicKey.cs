using System.Globalization;
using Ledger.Infrastructure.OpenApi;
using Wolverine.Http;

namespace Ledger.Transparency.Checkpoints;

/// <param name="VerifierKey">The key as note tools and <c>ledger-verify --key</c> take it: <c>name+keyid+base64(0x01 ‖ key)</c>.</param>
public sealed record PublicKeyView(string Origin, string Algorithm, string KeyId, string PublicKey, string VerifierKey);

public static class GetPublicKeyEndpoint
{
    /// <summary>
    /// The key checkpoints are signed with. A watchdog pins it on first use and should compare it with the one the operator
    /// publishes elsewhere: a key fetched from the log itself only proves the log is consistent with itself.
    /// </summary>
    [Tags(Capability.TransparencyLog), EndpointSummary("Get the key that signs the checkpoints")]
    [WolverineGet("/api/ledger/public-key", OperationId = "getPublicKey")]
    public static PublicKeyView Get(CheckpointSigning signing)
    {
        var signer = signing.Signer;
        return new PublicKeyView(signer.Name, "ed25519", signer.KeyId.ToString("x8", CultureInfo.InvariantCulture),
            Convert.ToBase64String(signer.PublicKey), signer.VerifierKey);
    }
}
