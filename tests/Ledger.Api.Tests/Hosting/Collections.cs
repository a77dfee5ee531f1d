namespace Ledger.Api.Tests.Hosting;

// Each collection runs on its own host and its own fresh database; collections run in parallel.
[CollectionDefinition(Name)] public sealed class AccessCollection : ICollectionFixture<LedgerApi> { public const string Name = "access"; }
[CollectionDefinition(Name)] public sealed class DealsCollection : ICollectionFixture<LedgerApi> { public const string Name = "deals"; }
[CollectionDefinition(Name)] public sealed class CommitmentsCollection : ICollectionFixture<LedgerApi> { public const string Name = "commitments"; }
[CollectionDefinition(Name)] public sealed class ObservationsCollection : ICollectionFixture<LedgerApi> { public const string Name = "observations"; }
[CollectionDefinition(Name)] public sealed class PlatformCollection : ICollectionFixture<LedgerApi> { public const string Name = "platform"; }
[CollectionDefinition(Name)] public sealed class AnalyticsCollection : ICollectionFixture<LedgerApi> { public const string Name = "analytics"; }
[CollectionDefinition(Name)] public sealed class RebuildCollection : ICollectionFixture<LedgerApi> { public const string Name = "rebuild"; }
[CollectionDefinition(Name)] public sealed class HostileCollection : ICollectionFixture<LedgerApi> { public const string Name = "hostile"; }
[CollectionDefinition(Name)]
public sealed class KeptCountsCollection : ICollectionFixture<LedgerApi> { public const string Name = "kept-counts"; }
