namespace Nictune.Core.Adaptive;

/// <summary>How an adaptive transaction ended, as the daemon reports it back.</summary>
public enum AdaptiveOutcome
{
    /// <summary>Written and read back as asked.</summary>
    Applied,

    /// <summary>The read-back did not hold the value: set aside for the device until the profile changes.</summary>
    ReadBackFailed,

    /// <summary>The write failed and was rolled back: set aside likewise.</summary>
    Failed,
}
