//! No network (issue 8): the running app, with a case and a real document open, holds no
//! network socket. Every socket of the app process and of all its descendants (WebKit's web
//! and network processes) is looked up, by inode, in the kernel's socket tables as each
//! process sees them (`/proc/PID/net/`, so a process in another network namespace is judged by
//! its own): TCP, UDP, UDP-Lite and raw sockets of IPv4 and IPv6, and packet sockets, are
//! network sockets; Unix sockets (IPC between the app's own processes, the X server and
//! D-Bus) and netlink sockets (messages with the kernel, such as GLib's watch on network
//! changes, which send nothing off the computer) are not; a socket in none of the tables
//! fails the test too.
//!
//! One kind of network socket is test scaffolding, and the only one excused: WebDriver drives
//! the app through WebKit's remote inspector. WebKitWebDriver names a loopback address and
//! port in the app's `WEBKIT_INSPECTOR_SERVER` variable; the app process listens there,
//! WebKitWebDriver connects to it, and the app's own processes (the app and its web process)
//! connect to it too. TCP sockets whose local or remote end is exactly that address are
//! excused, after checking that the address is on loopback and that WebKitWebDriver (an
//! ancestor of the app, not part of it) holds a connection to it; a socket on any other
//! address or port is not. Without WebDriver the app would not open them.
//!
//! The sockets are looked at on the start screen, with the case open, with the document
//! open, and after two idle seconds: a snapshot each time, so a connection opened and closed
//! between two looks would be missed (the CSP and the capability tests in `tests/cli` close
//! the door at the source). Linux only: it reads `/proc`.

#[cfg(target_os = "linux")]
mod proc_sockets {
    //! A process tree's sockets, classified from `/proc`.

    use std::collections::HashMap;
    use std::fmt;
    use std::fs;
    use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
    use std::path::Path;

    /// The kernel's socket tables in `/proc/PID/net/`, what they hold, and the column of
    /// their rows holding the socket's inode.
    const TABLES: [(&str, Family, usize); 11] = [
        ("tcp", Family::Network, 9),
        ("tcp6", Family::Network, 9),
        ("udp", Family::Network, 9),
        ("udp6", Family::Network, 9),
        ("udplite", Family::Network, 9),
        ("udplite6", Family::Network, 9),
        ("raw", Family::Network, 9),
        ("raw6", Family::Network, 9),
        ("packet", Family::Network, 8),
        ("unix", Family::Local, 6),
        ("netlink", Family::Kernel, 9),
    ];

    /// What a socket talks to.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Family {
        /// A network: IPv4, IPv6 or raw link-layer packets.
        Network,
        /// Another process on this computer (a Unix socket).
        Local,
        /// The kernel (netlink).
        Kernel,
        /// In no table: an unknown kind, which counts against the app.
        Unknown,
    }

    /// One socket a process holds.
    #[derive(Debug, Clone)]
    pub struct Socket {
        /// The process holding it.
        pub pid: u32,
        /// The process's name (its `comm`).
        pub process: String,
        /// The socket's inode number.
        pub inode: u64,
        /// The table it was found in (`tcp`, `unix`, …), empty when in none.
        pub table: &'static str,
        /// What it talks to.
        pub family: Family,
        /// Its local address, for TCP, UDP and raw sockets.
        pub local: Option<SocketAddr>,
        /// Its remote address, for TCP, UDP and raw sockets.
        pub remote: Option<SocketAddr>,
    }

    impl fmt::Display for Socket {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(
                f,
                "{} socket {} of {} (pid {})",
                if self.table.is_empty() {
                    "unknown"
                } else {
                    self.table
                },
                self.inode,
                self.process,
                self.pid
            )?;
            if let (Some(local), Some(remote)) = (self.local, self.remote) {
                write!(f, ", {local} -> {remote}")?;
            }
            Ok(())
        }
    }

    /// `root` and every process descended from it (children, their children, …).
    pub fn process_tree(root: u32) -> Vec<u32> {
        let mut parents: HashMap<u32, Vec<u32>> = HashMap::new();
        for entry in fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
                continue;
            };
            if let Some(parent) = parent_of(pid) {
                parents.entry(parent).or_default().push(pid);
            }
        }
        let mut tree = vec![root];
        let mut at = 0;
        while at < tree.len() {
            tree.extend(parents.get(&tree[at]).into_iter().flatten());
            at += 1;
        }
        tree
    }

    /// The parent of a process, from `/proc/PID/stat` (its name, in parentheses, may hold
    /// spaces and parentheses itself, so the fields are read after the last `)`).
    pub fn parent_of(pid: u32) -> Option<u32> {
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let after_name = &stat[stat.rfind(')')? + 1..];
        after_name.split_whitespace().nth(1)?.parse().ok()
    }

    /// A process's name.
    pub fn name_of(pid: u32) -> String {
        fs::read_to_string(format!("/proc/{pid}/comm"))
            .map(|name| name.trim().to_owned())
            .unwrap_or_default()
    }

    /// A variable from a process's environment.
    pub fn environment_variable(pid: u32, name: &str) -> Option<String> {
        let environ = fs::read(format!("/proc/{pid}/environ")).ok()?;
        let prefix = format!("{name}=");
        environ
            .split(|&b| b == 0)
            .find_map(|var| var.strip_prefix(prefix.as_bytes()))
            .map(|value| String::from_utf8_lossy(value).into_owned())
    }

    /// Every process whose environment holds `name=value`.
    pub fn processes_with(name: &str, value: &str) -> Vec<u32> {
        fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
            .filter(|&pid| environment_variable(pid, name).as_deref() == Some(value))
            .collect()
    }

    /// Every socket the processes hold, classified by the tables each process sees. A process
    /// that ended meanwhile is skipped.
    pub fn sockets_of(pids: &[u32]) -> Vec<Socket> {
        let mut found = Vec::new();
        for &pid in pids {
            let inodes = socket_inodes(pid);
            if inodes.is_empty() {
                continue;
            }
            let tables = read_tables(pid);
            let process = name_of(pid);
            // A socket closed between reading the open files and the tables is in no table;
            // it is no longer held, either.
            let still_held = socket_inodes(pid);
            for inode in inodes {
                let row = tables.get(&inode);
                if row.is_none() && !still_held.contains(&inode) {
                    continue;
                }
                found.push(Socket {
                    pid,
                    process: process.clone(),
                    inode,
                    table: row.map_or("", |row| row.table),
                    family: row.map_or(Family::Unknown, |row| row.family),
                    local: row.and_then(|row| row.local),
                    remote: row.and_then(|row| row.remote),
                });
            }
        }
        found
    }

    /// The inodes of the sockets among a process's open files (`socket:[INODE]` links).
    fn socket_inodes(pid: u32) -> Vec<u64> {
        let mut inodes: Vec<u64> = fs::read_dir(format!("/proc/{pid}/fd"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|fd| fs::read_link(fd.path()).ok())
            .filter_map(|target| {
                let target = target.to_str()?.to_owned();
                target
                    .strip_prefix("socket:[")?
                    .strip_suffix(']')?
                    .parse()
                    .ok()
            })
            .collect();
        inodes.sort_unstable();
        inodes.dedup();
        inodes
    }

    /// One row of a socket table.
    struct Row {
        table: &'static str,
        family: Family,
        local: Option<SocketAddr>,
        remote: Option<SocketAddr>,
    }

    /// Every row of the socket tables a process sees, by inode.
    fn read_tables(pid: u32) -> HashMap<u64, Row> {
        let mut rows = HashMap::new();
        for (table, family, inode_column) in TABLES {
            let path = Path::new("/proc")
                .join(pid.to_string())
                .join("net")
                .join(table);
            let Ok(text) = fs::read_to_string(path) else {
                continue;
            };
            for line in text.lines().skip(1) {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let Some(inode) = fields.get(inode_column).and_then(|f| f.parse().ok()) else {
                    continue;
                };
                let addresses = family == Family::Network && table != "packet";
                rows.insert(
                    inode,
                    Row {
                        table,
                        family,
                        local: fields.get(1).filter(|_| addresses).and_then(|a| address(a)),
                        remote: fields.get(2).filter(|_| addresses).and_then(|a| address(a)),
                    },
                );
            }
        }
        rows
    }

    /// An address as the kernel's tables print it: the IP address in hexadecimal, 32 bits at
    /// a time in the machine's byte order, a colon, the port in hexadecimal.
    fn address(text: &str) -> Option<SocketAddr> {
        let (ip, port) = text.split_once(':')?;
        let port = u16::from_str_radix(port, 16).ok()?;
        let mut bytes = Vec::with_capacity(16);
        for at in (0..ip.len()).step_by(8) {
            let word = u32::from_str_radix(ip.get(at..at + 8)?, 16).ok()?;
            bytes.extend_from_slice(&word.to_ne_bytes());
        }
        let ip = match bytes.len() {
            4 => Ipv4Addr::from(<[u8; 4]>::try_from(bytes).ok()?).into(),
            16 => Ipv6Addr::from(<[u8; 16]>::try_from(bytes).ok()?).into(),
            _ => return None,
        };
        Some(SocketAddr::new(ip, port))
    }

    /// The sockets that count against the app: network sockets and unknown ones, except TCP
    /// sockets with either end exactly at `excused`.
    pub fn not_allowed(sockets: &[Socket], excused: Option<SocketAddr>) -> Vec<Socket> {
        sockets
            .iter()
            .filter(|s| matches!(s.family, Family::Network | Family::Unknown))
            .filter(|s| {
                let scaffolding = s.table.starts_with("tcp")
                    && excused.is_some()
                    && (s.local == excused || s.remote == excused);
                !scaffolding
            })
            .cloned()
            .collect()
    }
}

#[cfg(target_os = "linux")]
mod tests {
    use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream, UdpSocket};
    use std::os::unix::net::UnixStream;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::AtomicBool;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use carryall_app::import::ImportOptions;
    use carryall_app::{Actor, Carryall};

    use super::proc_sockets::{
        Family, Socket, environment_variable, name_of, not_allowed, parent_of, process_tree,
        processes_with, sockets_of,
    };
    use crate::harness::App;
    use crate::{harness, seed};

    /// The real document the case holds.
    const DOCUMENT: &str = "lung-biopsy-hyderabad.pdf";
    /// The desktop binary's file name (the kernel keeps a process name to 15 bytes).
    const APP: &str = "carryall-desktop";

    /// The matcher finds network sockets this test opens itself (a TCP listener, both ends of
    /// a connection to it, a UDP socket), tells a Unix socket pair apart, and excuses only
    /// the exact address it is given.
    #[test]
    fn the_socket_finder_sees_network_sockets_opened_on_purpose() {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a TCP listener");
        let listening = listener.local_addr().expect("its address");
        let client = TcpStream::connect(listening).expect("a connection");
        let (_server, _) = listener.accept().expect("the connection accepted");
        let udp = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).expect("a UDP socket");
        let (_unix_a, _unix_b) = UnixStream::pair().expect("a Unix socket pair");

        let me = std::process::id();
        let sockets = sockets_of(&[me]);
        let find = |table: &str, local: SocketAddr| {
            sockets
                .iter()
                .filter(|s| s.table == table && s.local == Some(local))
                .count()
        };
        let client_end = client.local_addr().expect("the client's address");
        let udp_end = udp.local_addr().expect("the UDP address");
        assert_eq!(
            find("tcp", listening),
            2,
            "the listener and the accepted end"
        );
        assert_eq!(find("tcp", client_end), 1, "the connecting end");
        assert_eq!(find("udp", udp_end), 1, "the UDP socket");
        let unix = sockets.iter().filter(|s| s.family == Family::Local).count();
        assert!(unix >= 2, "the Unix pair is known as local: {sockets:?}");

        let ours = [listening, client_end, udp_end];
        let ours_only = |list: Vec<Socket>| -> Vec<Socket> {
            list.into_iter()
                .filter(|s| s.local.is_some_and(|local| ours.contains(&local)))
                .collect()
        };
        assert_eq!(ours_only(not_allowed(&sockets, None)).len(), 4);
        // Excusing the listener's address excuses the listener and both ends of the
        // connection to it, and nothing else.
        let left = ours_only(not_allowed(&sockets, Some(listening)));
        assert_eq!(left.len(), 1, "{left:?}");
        assert_eq!(left[0].local, Some(udp_end));
        // Another port excuses nothing.
        let elsewhere = SocketAddr::new(listening.ip(), listening.port().wrapping_add(1));
        assert_eq!(ours_only(not_allowed(&sockets, Some(elsewhere))).len(), 4);
    }

    /// A breast-cancer case holding a real text PDF, imported and read as `carryall add`
    /// does.
    fn seed_case_with_document(dir: &Path) {
        let case = seed::case(dir, "Asha Verma");
        let document = PathBuf::from(seed::fixture(&format!(
            "tests/fixtures/documents/reportlab/{DOCUMENT}"
        )));
        let app = Carryall::open(dir, Actor::Cli).expect("the seed data dir opens");
        let no_cancel = AtomicBool::new(false);
        let report = app
            .import(
                &case,
                &[document],
                &ImportOptions::default(),
                &mut |_, _| {},
                &no_cancel,
            )
            .expect("the document is imported");
        assert!(!report.any_rejected(), "the fixture document is refused");
        app.read_documents(&case, &mut |_| {}, &no_cancel)
            .expect("the document is read");
    }

    /// The app process started on this data directory, once it is there.
    fn app_process(data_dir: &Path) -> Result<u32, String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let found = processes_with("CARRYALL_DATA_DIR", &data_dir.display().to_string())
                .into_iter()
                .find(|&pid| {
                    let name = name_of(pid);
                    !name.is_empty() && APP.starts_with(&name)
                });
            if let Some(pid) = found {
                return Ok(pid);
            }
            if Instant::now() > deadline {
                return Err("no app process runs on the test's data directory".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The name of the process driving the app: WebKitWebDriver, which started the app, so
    /// one of its ancestors, connected to the automation address.
    fn automation_driver(app: u32, automation: SocketAddr) -> Result<String, String> {
        let mut ancestors = Vec::new();
        let mut at = app;
        while let Some(parent) = parent_of(at).filter(|&p| p > 1) {
            ancestors.push(parent);
            at = parent;
        }
        let driver = sockets_of(&ancestors)
            .into_iter()
            .find(|s| s.table.starts_with("tcp") && s.remote == Some(automation))
            .ok_or_else(|| format!("no ancestor of the app is connected to {automation}"))?;
        if driver.process == "WebKitWebDriver" {
            Ok(driver.process)
        } else {
            Err(format!(
                "{} (not WebKitWebDriver) is connected to the automation address {automation}",
                driver.process
            ))
        }
    }

    /// What one look at the app's processes found.
    struct Look {
        processes: Vec<String>,
        sockets: String,
        not_allowed: Vec<Socket>,
    }

    /// Looks at every socket of the app and its descendants, excusing the automation link.
    fn look(app: u32, automation: SocketAddr) -> Look {
        let tree = process_tree(app);
        let sockets = sockets_of(&tree);
        let count = |family: Family| sockets.iter().filter(|s| s.family == family).count();
        Look {
            processes: tree.iter().map(|&pid| name_of(pid)).collect(),
            sockets: format!(
                "{} sockets: {} Unix, {} netlink, {} network",
                sockets.len(),
                count(Family::Local),
                count(Family::Kernel),
                count(Family::Network)
            ),
            not_allowed: not_allowed(&sockets, Some(automation)),
        }
    }

    #[test]
    fn the_running_app_opens_no_network_socket() {
        let data_dir: Arc<Mutex<Option<PathBuf>>> = Arc::default();
        let seeded = Arc::clone(&data_dir);
        harness::run(
            "no_network",
            move |dir| {
                seed_case_with_document(dir);
                *seeded.lock().expect("the data dir's slot") = Some(dir.to_path_buf());
            },
            |app| async move {
                let dir = data_dir
                    .lock()
                    .expect("the data dir's slot")
                    .clone()
                    .ok_or("the seed never ran")?;
                check_no_network(&app, &dir).await
            },
        );
    }

    async fn check_no_network(app: &App, data_dir: &Path) -> harness::TestResult {
        let pid = app_process(data_dir)?;
        // WebKitWebDriver names the inspector server's address in the app's environment.
        let automation: Option<SocketAddr> = environment_variable(pid, "WEBKIT_INSPECTOR_SERVER")
            .and_then(|address| address.parse().ok());
        let Some(automation) = automation else {
            return Err(
                "the app has no WEBKIT_INSPECTOR_SERVER address: the automation \
                        link cannot be told apart, so nothing is excused"
                    .into(),
            );
        };
        if !automation.ip().is_loopback() {
            return Err(format!("the automation link {automation} is not on loopback").into());
        }
        let driver = automation_driver(pid, automation)?;

        let mut looks = Vec::new();
        app.find("[aria-label='Open the packet for Asha Verma']")
            .await?;
        looks.push(("start screen", look(pid, automation)));
        app.click("[aria-label='Open the packet for Asha Verma']")
            .await?;
        app.wait_for_text(DOCUMENT).await?;
        looks.push(("case open", look(pid, automation)));
        app.click("[data-testid=open-document]").await?;
        app.find("[data-testid=document-title]").await?;
        looks.push(("document open", look(pid, automation)));
        tokio::time::sleep(Duration::from_secs(2)).await;
        looks.push(("two seconds later", look(pid, automation)));

        let mut failures = Vec::new();
        for (moment, look) in &looks {
            eprintln!(
                "no_network: {moment}: {} processes ({}), {}, {} not allowed \
                 (excused: the link with {driver} on {automation})",
                look.processes.len(),
                look.processes.join(", "),
                look.sockets,
                look.not_allowed.len()
            );
            failures.extend(look.not_allowed.iter().map(|s| format!("{moment}: {s}")));
        }
        let (_, last) = &looks[looks.len() - 1];
        // The look must reach WebKit's own processes, where a page's requests would start.
        if !last
            .processes
            .iter()
            .any(|name| name.starts_with("WebKitWebProces"))
        {
            return Err(format!(
                "no WebKit web process found under the app: {:?}",
                last.processes
            )
            .into());
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(format!("network sockets held:\n{}", failures.join("\n")).into())
        }
    }
}

#[cfg(not(target_os = "linux"))]
#[test]
fn the_running_app_opens_no_network_socket() {
    eprintln!(
        "skipped: the no-network test reads each process's sockets from /proc, which only \
         Linux has"
    );
}
