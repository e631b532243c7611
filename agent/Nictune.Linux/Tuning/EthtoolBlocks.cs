using Nictune.Linux.Ethtool;

namespace Nictune.Linux.Tuning;

/// <summary>
/// The ethtool blocks (features, channels, rings, coalescing) read during an open read pass
/// (<see cref="Core.Tuning.ISettingStore.ReadPass"/>), so that the settings of one block are answered by one ioctl:
/// a plan of <c>{tso, gso, gro}</c> on a device made three ETHTOOL_GFEATURES, and its readback three more. A refusal
/// is kept like a block (a device without coalescing refuses every coalesce setting the same way). Only the thread
/// that opened the pass uses it, and only until it is closed or that device is written; the daemon's next pass, and
/// every write's read-modify-write, read the kernel again.
/// </summary>
internal sealed class EthtoolBlocks
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Nic, string Block), object> _blocks = [];
    private int _depth;
    private int _owner;

    /// <summary>Opens (or nests) a pass on this thread; a thread other than the one with a pass open gets none.</summary>
    public IDisposable Open()
    {
        lock (_lock)
        {
            var thread = Environment.CurrentManagedThreadId;
            if (_depth == 0)
            {
                _owner = thread;
            }
            else if (_owner != thread)
            {
                return NoPass.Instance;
            }

            _depth++;
            return new Pass(this);
        }
    }

    /// <summary>The block from this pass, or read now (and kept, when a pass is open on this thread).</summary>
    public T Get<T>(string nic, string block, Func<T> read)
        where T : class
    {
        lock (_lock)
        {
            if (_depth == 0 || _owner != Environment.CurrentManagedThreadId)
            {
                return read();
            }

            if (_blocks.TryGetValue((nic, block), out var kept))
            {
                return kept is EthtoolException refused ? throw refused : (T)kept;
            }

            try
            {
                var value = read();
                _blocks[(nic, block)] = value;
                return value;
            }
            catch (EthtoolException e)
            {
                _blocks[(nic, block)] = e;
                throw;
            }
        }
    }

    /// <summary>A device was written: its blocks are read again.</summary>
    public void Forget(string nic)
    {
        lock (_lock)
        {
            if (_blocks.Count > 0)
            {
                foreach (var key in _blocks.Keys.Where(k => k.Nic == nic).ToList())
                {
                    _blocks.Remove(key);
                }
            }
        }
    }

    /// <summary>Closes one level of the pass; the outermost forgets every block.</summary>
    private void Close()
    {
        lock (_lock)
        {
            if (--_depth == 0)
            {
                _blocks.Clear();
            }
        }
    }

    private sealed class Pass(EthtoolBlocks blocks) : IDisposable
    {
        private bool _closed;

        public void Dispose()
        {
            if (!_closed)
            {
                _closed = true;
                blocks.Close();
            }
        }
    }

    private sealed class NoPass : IDisposable
    {
        public static readonly NoPass Instance = new();

        public void Dispose()
        {
        }
    }
}
