//! Credentials in the places they really live: one test per kind of file (Jenkins
//! credentials.xml, Maven settings.xml, gradle.properties, JDBC/ODBC strings, dotfiles, password
//! hashes, FTP client site lists, web framework settings, HTTP headers and command lines, XML
//! and key=value configuration).
//!
//! Each test writes a realistic file into a temporary directory twice: once with a fabricated
//! credential, which must be reported by the expected rule on the expected line, and once with
//! a placeholder in its place (a variable reference, a documented example value), which must
//! yield no finding at all. Credentials are generated at run time from a seeded generator or
//! assembled from pieces, so this file holds no complete credential.
use base64::Engine;
use serde_json::Value;

use crate::common::{findings, nhiscan, write};

/// Where the credential (or the placeholder) goes in a template.
const HOLE: &str = "@@";

const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &str = "0123456789abcdef";
const UHEX: &str = "0123456789ABCDEF";
const CRYPT: &str = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DJANGO: &str = "abcdefghijklmnopqrstuvwxyz0123456789!@#^&*-_=+";

/// `n` characters of `alphabet`, deterministic in `seed` (xorshift), so runs are reproducible.
fn rnd(alphabet: &str, n: usize, seed: u64) -> String {
    let chars: Vec<char> = alphabet.chars().collect();
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            chars[(x % chars.len() as u64) as usize]
        })
        .collect()
}

/// A password with letters, digits and a few symbols.
fn password(seed: u64) -> String {
    [
        rnd(ALNUM, 6, seed),
        "#".into(),
        rnd(ALNUM, 5, seed + 1),
        "!".into(),
        rnd(ALNUM, 4, seed + 2),
    ]
    .concat()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A Jenkins hudson.util.Secret value: version 1, 16-byte IV, 32 bytes of data.
fn jenkins_secret(seed: u64) -> String {
    let mut raw = vec![1u8, 0, 0, 0, 16, 0, 0, 0, 32];
    raw.extend(rnd(ALNUM, 48, seed).bytes());
    ["{", &b64(&raw), "}"].concat()
}

/// Scans a directory holding only `file` with `content`; returns the exit code and findings.
fn scan_file(file: &str, content: &str) -> (i32, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), file, content);
    let out = nhiscan()
        .args(["scan", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), findings(&report).clone())
}

/// Whether a base64 run in `credential` is `secret` encoded (with or without a final line
/// break): a secret kept base64-encoded is reported as what it stands for.
fn decodes_to(credential: &str, secret: &str) -> bool {
    use base64::engine::general_purpose::STANDARD;
    credential
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')))
        .filter_map(|run| STANDARD.decode(run).ok())
        .any(|text| text.strip_suffix(b"\n").unwrap_or(&text) == secret.as_bytes())
}

/// `template` with the credential in the hole must be reported by `rule` on the hole's line
/// (with a secret that is part of the credential); with `placeholder` in the hole it must yield
/// no finding at all.
fn check(file: &str, rule: &str, template: &str, credential: &str, placeholder: &str) {
    let at = template.find(HOLE).expect("template has a hole");
    let line = template[..at].matches('\n').count() as u64 + 1;

    let (code, findings) = scan_file(file, &template.replace(HOLE, credential));
    let summary: Vec<String> = findings
        .iter()
        .map(|f| format!("{}@{}", f["rule_id"].as_str().unwrap(), f["line"]))
        .collect();
    let hit = findings
        .iter()
        .find(|f| f["rule_id"] == rule && f["line"].as_u64() == Some(line))
        .unwrap_or_else(|| panic!("{file}: no {rule} finding on line {line}; found {summary:?}"));
    let secret = hit["secret"].as_str().unwrap();
    assert!(
        credential.contains(secret) || decodes_to(credential, secret),
        "{file}: {rule} reported {secret:?}, which is not part of the credential"
    );
    assert_eq!(code, 1, "{file}: findings must exit 1");

    let (code, findings) = scan_file(file, &template.replace(HOLE, placeholder));
    let summary: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{}@{}: {}",
                f["rule_id"].as_str().unwrap(),
                f["line"],
                f["secret"]
            )
        })
        .collect();
    assert!(
        findings.is_empty(),
        "{file} with {placeholder:?}: {summary:?}"
    );
    assert_eq!(code, 0, "{file} with {placeholder:?} must exit 0");
}

/// One test per location: `name, file, rule, template, credential, placeholder`.
macro_rules! location {
    ($name:ident, $file:expr, $rule:expr, $template:expr, $credential:expr, $placeholder:expr $(,)?) => {
        #[test]
        fn $name() {
            check($file, $rule, $template, &$credential, $placeholder);
        }
    };
}

// --- Jenkins -----------------------------------------------------------------------------------

const JENKINS_CREDENTIALS: &str = "<?xml version='1.1' encoding='UTF-8'?>
<com.cloudbees.plugins.credentials.SystemCredentialsProvider plugin=\"credentials@1337.v60b\">
  <domainCredentialsMap class=\"hudson.util.CopyOnWriteMap$Hash\">
    <entry>
      <com.cloudbees.plugins.credentials.domains.Domain><specifications/></com.cloudbees.plugins.credentials.domains.Domain>
      <java.util.concurrent.CopyOnWriteArrayList>
        <com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>
          <scope>GLOBAL</scope>
          <id>nexus-deploy</id>
          <username>deploy</username>
          <password>@@</password>
        </com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>
      </java.util.concurrent.CopyOnWriteArrayList>
    </entry>
  </domainCredentialsMap>
</com.cloudbees.plugins.credentials.SystemCredentialsProvider>
";

location!(
    jenkins_credentials_xml_password,
    "jenkins/credentials.xml",
    "jenkins-encrypted-secret",
    JENKINS_CREDENTIALS,
    jenkins_secret(1),
    "${NEXUS_PASSWORD}",
);

location!(
    jenkins_ssh_private_key_and_secret_text,
    "jenkins/credentials.xml",
    "jenkins-encrypted-secret",
    "<com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>
  <id>deploy-key</id>
  <username>git</username>
  <privateKeySource class=\"com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey$DirectEntryPrivateKeySource\">
    <privateKey>@@</privateKey>
  </privateKeySource>
</com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>
",
    jenkins_secret(2),
    "${DEPLOY_KEY}",
);

location!(
    jenkins_user_api_token,
    "jenkins/users/admin/config.xml",
    "jenkins-encrypted-secret",
    "<user>\n  <properties>\n    <jenkins.security.ApiTokenProperty>\n      <apiToken>@@</apiToken>\n    </jenkins.security.ApiTokenProperty>\n  </properties>\n</user>\n",
    jenkins_secret(3),
    "${JENKINS_API_TOKEN}",
);

location!(
    jenkins_api_token_in_env,
    "ci/jenkins.env",
    "jenkins-api-token",
    "JENKINS_URL=https://jenkins.corp.fixture.invalid\nJENKINS_USER=ci-bot\nJENKINS_API_TOKEN=@@\n",
    ["11", &rnd(HEX, 32, 4)].concat(),
    "${JENKINS_API_TOKEN}",
);

// --- Maven and Gradle --------------------------------------------------------------------------

const MAVEN_SETTINGS: &str = "<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>deployer</username>
      <password>@@</password>
    </server>
  </servers>
</settings>
";

location!(
    maven_settings_plain_password,
    ".m2/settings.xml",
    "maven-settings-server-password",
    MAVEN_SETTINGS,
    password(10),
    "${env.NEXUS_PASSWORD}",
);

location!(
    maven_settings_encrypted_password,
    ".m2/settings.xml",
    "maven-settings-encrypted-password",
    MAVEN_SETTINGS,
    ["{", &rnd(B64, 43, 11), "=}"].concat(),
    // The example of Maven's password encryption guide.
    "{COQLCE6DU6GtcS5P=}",
);

location!(
    maven_settings_security_master,
    ".m2/settings-security.xml",
    "maven-settings-security-master",
    "<settingsSecurity>\n  <master>@@</master>\n</settingsSecurity>\n",
    ["{", &rnd(B64, 43, 12), "=}"].concat(),
    "{jSMOWnoPFgsHVpMvz5VrIt5kRbzGpI8u+9EF1iFQyJQ=}",
);

location!(
    gradle_properties_ossrh_password,
    "gradle.properties",
    "gradle-repository-credential",
    "org.gradle.jvmargs=-Xmx2g\nossrhUsername=release-bot\nossrhPassword=@@\n",
    password(13),
    "${OSSRH_PASSWORD}",
);

location!(
    gradle_properties_project_token,
    "gradle.properties",
    "gradle-repository-credential",
    "org.gradle.caching=true\norg.gradle.project.artifactoryToken=@@\n",
    rnd(ALNUM, 40, 14),
    "<artifactory token>",
);

location!(
    gradle_properties_signing_password,
    "gradle.properties",
    "gradle-signing-password",
    "signing.keyId=24875D73\nsigning.password=@@\nsigning.secretKeyRingFile=/home/ci/.gnupg/secring.gpg\n",
    password(15),
    "changeme",
);

location!(
    gradle_properties_plugin_portal_key,
    "gradle.properties",
    "gradle-plugin-portal-key",
    "gradle.publish.key=@@\n",
    rnd(ALNUM, 32, 16),
    "${GRADLE_PUBLISH_KEY}",
);

// --- JDBC, ODBC and connection strings ---------------------------------------------------------

location!(
    jdbc_mysql_url,
    "src/main/resources/application.properties",
    "jdbc-url-password",
    "spring.datasource.driver-class-name=com.mysql.cj.jdbc.Driver\nspring.datasource.url=jdbc:mysql://db.fixture.invalid:3306/shop?user=shop&password=@@&useSSL=true\n",
    password(20),
    "${DB_PASSWORD}",
);

location!(
    jdbc_postgresql_url,
    "src/main/java/Db.java",
    "jdbc-url-password",
    "class Db {\n    static final String URL =\n        \"jdbc:postgresql://10.0.4.21:5432/ledger?user=ledger_rw&password=@@&sslmode=require\";\n}\n",
    password(21),
    "%s",
);

location!(
    jdbc_sqlserver_url,
    "conf/db.properties",
    "mssql-connection-string",
    "db.url=jdbc:sqlserver://10.1.2.3:1433;databaseName=hr;user=hr_svc;password=@@;encrypt=true\n",
    password(22),
    "${MSSQL_PASSWORD}",
);

location!(
    jdbc_oracle_thin_url,
    "conf/oracle.properties",
    "jdbc-oracle-thin-password",
    "db.url=jdbc:oracle:thin:billing/@@@//ora.fixture.invalid:1521/BILLPDB\n",
    rnd(ALNUM, 16, 23),
    // Oracle's documented demo password.
    "tiger",
);

location!(
    odbc_connection_string,
    "reports/export.py",
    "odbc-connection-string",
    "import pyodbc\n\nconn = pyodbc.connect(\"DRIVER={PostgreSQL Unicode};DATABASE=reports;UID=reader;PWD=@@;SERVER=pg.fixture.invalid\")\n",
    password(24),
    "%s",
);

location!(
    odbc_sql_server_string_is_reported_as_sql_server,
    "etl/config.ini",
    "mssql-connection-string",
    "[warehouse]\nconn = Driver={ODBC Driver 18 for SQL Server};Server=tcp:sql.fixture.invalid,1433;Database=wh;Uid=etl;Pwd=@@;Encrypt=yes\n",
    password(25),
    "{your_password}",
);

location!(
    mongodb_connection_string,
    ".env",
    "mongodb-connection-uri",
    "MONGO_URI=mongodb+srv://api-service:@@@cluster0.fx7k2.mongodb.net/prod?retryWrites=true\n",
    rnd(ALNUM, 22, 26),
    "<password>",
);

// --- Dotfiles ----------------------------------------------------------------------------------

location!(
    pgpass,
    ".pgpass",
    "pgpass-entry",
    "# hostname:port:database:username:password\ndb.fixture.invalid:5432:orders:orders_app:@@\n",
    password(30),
    "password",
);

location!(
    git_credentials,
    ".git-credentials",
    "git-credentials-hosted",
    "https://svc-mirror:@@@bitbucket.org\n",
    rnd(ALNUM, 32, 31),
    "${BITBUCKET_APP_PASSWORD}",
);

location!(
    git_credentials_github_token,
    ".git-credentials",
    "github-classic-pat",
    "https://ci-bot:@@@github.com\n",
    ["ghp_", &rnd(ALNUM, 36, 32)].concat(),
    "${GITHUB_TOKEN}",
);

location!(
    netrc,
    ".netrc",
    "netrc-password",
    "machine artifacts.fixture.invalid\n  login ci-reader\n  password @@\n",
    password(33),
    "<token>",
);

location!(
    pypirc_password,
    ".pypirc",
    "pypirc-password",
    "[distutils]\nindex-servers =\n    internal\n\n[internal]\nrepository = https://pypi.corp.fixture.invalid/\nusername = uploader\npassword = @@\n",
    password(34),
    "<your password>",
);

location!(
    pypirc_pypi_token,
    ".pypirc",
    "pypi-upload-token",
    "[pypi]\nusername = __token__\npassword = @@\n",
    ["pypi-", "AgEIcHlwaS5vcmc", &rnd(ALNUM, 150, 35)].concat(),
    "${PYPI_TOKEN}",
);

location!(
    docker_config_json,
    ".docker/config.json",
    "docker-config-auth",
    "{\n  \"auths\": {\n    \"registry.fixture.invalid\": {\n      \"auth\": \"@@\"\n    }\n  }\n}\n",
    b64(["ci-bot:", &password(36)].concat().as_bytes()),
    // base64 of username:password
    "dXNlcm5hbWU6cGFzc3dvcmQ=",
);

location!(
    mysql_option_file,
    ".my.cnf",
    "mysql-option-file-password",
    "[client]\nuser=backup\npassword=@@\nhost=db.fixture.invalid\n",
    password(37),
    "changeme",
);

location!(
    kubeconfig_client_key,
    ".kube/config",
    "kubeconfig-client-key-data",
    "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: @@\n",
    b64([
        "-----BEGIN RSA ",
        "PRIVATE KEY-----\n",
        &rnd(B64, 400, 38),
        "\n-----END RSA PRIVATE KEY-----\n"
    ]
    .concat()
    .as_bytes()),
    "${KUBE_CLIENT_KEY}",
);

location!(
    kubernetes_image_pull_secret,
    "k8s/regcred.yaml",
    "kubernetes-dockerconfigjson",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: @@\n",
    b64(format!("{{\"auths\":{{\"registry.fixture.invalid\":{{\"auth\":\"{}\"}}}}}}", b64(["ci:", &password(39)].concat().as_bytes())).as_bytes()),
    "{{ .Values.imagePullSecret }}",
);

// --- Password hashes ---------------------------------------------------------------------------

location!(
    htpasswd_apr1,
    "nginx/.htpasswd",
    "htpasswd-apr1-md5",
    "admin:@@\n",
    ["$apr1$", &rnd(CRYPT, 8, 40), "$", &rnd(CRYPT, 22, 41)].concat(),
    // Traefik's documentation example.
    "$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/",
);

location!(
    htpasswd_sha1,
    "apache/.htpasswd",
    "htpasswd-sha1",
    "monitor:@@\n",
    ["{SHA}", &b64(rnd(ALNUM, 20, 42).as_bytes())].concat(),
    "!",
);

location!(
    htpasswd_bcrypt,
    "auth/users.htpasswd",
    "bcrypt-password-hash",
    "grafana:@@\n",
    ["$2y$05$", &rnd(CRYPT, 53, 43)].concat(),
    "*",
);

location!(
    shadow_sha512crypt,
    "image/etc/shadow",
    "unix-crypt-password-hash",
    "root:*:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\ndeploy:@@:19700:0:99999:7:::\n",
    ["$6$", &rnd(CRYPT, 16, 44), "$", &rnd(CRYPT, 86, 45)].concat(),
    "!",
);

location!(
    shadow_yescrypt,
    "image/etc/shadow",
    "unix-crypt-password-hash",
    "ubuntu:@@:19800:0:99999:7:::\n",
    ["$y$j9T$", &rnd(CRYPT, 22, 46), "$", &rnd(CRYPT, 43, 47)].concat(),
    "!*",
);

location!(
    ldif_user_password_hash,
    "ldap/users.ldif",
    "ldap-userpassword-hash",
    "dn: uid=svc-backup,ou=people,dc=fixture,dc=invalid\nobjectClass: inetOrgPerson\nuserPassword: @@\n",
    ["{SSHA}", &b64(rnd(ALNUM, 24, 48).as_bytes())].concat(),
    "{SSHA}",
);

// --- FTP and SFTP clients ----------------------------------------------------------------------

const FILEZILLA_SITES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<FileZilla3 version=\"3.66.5\" platform=\"windows\">
  <Servers>
    <Server>
      <Host>ftp.fixture.invalid</Host>
      <Port>21</Port>
      <Protocol>0</Protocol>
      <User>webmaster</User>
      <Pass encoding=\"base64\">@@</Pass>
      <Name>Production</Name>
    </Server>
  </Servers>
</FileZilla3>
";

location!(
    filezilla_sitemanager,
    "FileZilla/sitemanager.xml",
    "filezilla-saved-password",
    FILEZILLA_SITES,
    b64(password(50).as_bytes()),
    // base64 of "password"
    "cGFzc3dvcmQ=",
);

location!(
    filezilla_recentservers,
    "FileZilla/recentservers.xml",
    "filezilla-saved-password",
    "<FileZilla3>\n  <RecentServers>\n    <Server>\n      <Host>10.0.3.7</Host>\n      <User>deploy</User>\n      <Pass encoding=\"base64\">@@</Pass>\n    </Server>\n  </RecentServers>\n</FileZilla3>\n",
    b64(password(51).as_bytes()),
    "cGFzc3dvcmQ=",
);

location!(
    winscp_ini,
    "WinSCP.ini",
    "winscp-saved-password",
    "[Configuration\\Interface]\nTheme=Dark\n\n[Sessions\\deploy@web01]\nHostName=web01.fixture.invalid\nUserName=deploy\nPassword=@@\nFSProtocol=0\n",
    ["A3", &rnd(UHEX, 60, 52)].concat(),
    "%WINSCP_PASSWORD%",
);

location!(
    sublime_sftp_config,
    "sftp-config.json",
    "sublime-sftp-password",
    "{\n    \"type\": \"sftp\",\n    \"save_before_upload\": true,\n    \"upload_on_save\": true,\n    \"host\": \"web01.fixture.invalid\",\n    \"user\": \"deploy\",\n    \"password\": \"@@\",\n    \"remote_path\": \"/var/www/site/\"\n}\n",
    password(53),
    // the default of SFTP's config template
    "password",
);

// --- Web frameworks ----------------------------------------------------------------------------

location!(
    wordpress_db_password,
    "wp-config.php",
    "wordpress-db-password",
    "<?php\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', 'wp_prod' );\ndefine( 'DB_PASSWORD', '@@' );\ndefine( 'DB_HOST', 'localhost' );\n",
    password(60),
    // wp-config-sample.php
    "password_here",
);

location!(
    wordpress_auth_key,
    "wp-config.php",
    "wordpress-auth-key-salt",
    "<?php\ndefine( 'AUTH_KEY',         '@@' );\n",
    rnd(ALNUM, 64, 61),
    "put your unique phrase here",
);

location!(
    django_secret_key,
    "mysite/settings.py",
    "django-secret-key",
    "from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\nSECRET_KEY = '@@'\nDEBUG = False\n",
    rnd(DJANGO, 50, 62),
    "<django secret key>",
);

location!(
    django_insecure_secret_key,
    "mysite/settings.py",
    "django-insecure-secret-key",
    "# SECURITY WARNING: keep the secret key used in production secret!\nSECRET_KEY = '@@'\n",
    ["django-insecure-", &rnd(DJANGO, 50, 63)].concat(),
    "{{ django_secret_key }}",
);

location!(
    rails_master_key_env,
    ".kamal/secrets",
    "rails-master-key",
    "KAMAL_REGISTRY_PASSWORD=$KAMAL_REGISTRY_PASSWORD\nRAILS_MASTER_KEY=@@\n",
    rnd(HEX, 32, 64),
    "$(cat config/master.key)",
);

location!(
    rails_secret_key_base,
    "config/secrets.yml",
    "rails-secret-key-base",
    "production:\n  secret_key_base: @@\n",
    rnd(HEX, 128, 65),
    "<%= ENV[\"SECRET_KEY_BASE\"] %>",
);

location!(
    laravel_app_key,
    ".env",
    "laravel-app-key",
    "APP_NAME=Shop\nAPP_ENV=production\nAPP_KEY=@@\nAPP_DEBUG=false\n",
    ["base64:", &b64(rnd(ALNUM, 32, 66).as_bytes())].concat(),
    "",
);

// --- HTTP headers, query strings and command lines ---------------------------------------------

location!(
    authorization_bearer_in_script,
    "scripts/report.sh",
    "http-bearer-token",
    "#!/bin/sh\nset -eu\ncurl -fsS -H \"Authorization: Bearer @@\" https://api.fixture.invalid/v1/reports > report.json\n",
    rnd(ALNUM, 40, 70),
    "$API_TOKEN",
);

location!(
    authorization_basic_in_code,
    "client/http.js",
    "http-basic-auth-header",
    "const req = new XMLHttpRequest();\nreq.open('GET', '/api/status');\nreq.setRequestHeader('Authorization', 'Basic @@');\n",
    b64(["svc-status:", &password(71)].concat().as_bytes()),
    // RFC 7617's example (Aladdin:open sesame)
    "QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
);

location!(
    api_key_header_flag,
    "scripts/export.sh",
    "cli-header-credential",
    "#!/bin/bash\ncurl -s -H 'X-API-Key: @@' https://api.fixture.invalid/v1/export\n",
    rnd(ALNUM, 40, 72),
    "$API_KEY",
);

location!(
    password_flag,
    "scripts/charts.sh",
    "cli-password-flag",
    "#!/bin/bash\nhelm repo add internal https://charts.fixture.invalid --username ci --password @@\n",
    password(73),
    "\"$HELM_PASSWORD\"",
);

location!(
    token_flag,
    "Makefile",
    "cli-password-flag",
    "release:\n\tgoreleaser release --clean\n\tgh-release-upload --github-token=@@ dist/*\n",
    rnd(ALNUM, 40, 74),
    "$(GITHUB_TOKEN)",
);

location!(
    mysql_p_password,
    "backup.sh",
    "mysql-cli-password",
    "#!/bin/sh\nmysqldump -h db.fixture.invalid -u backup -p@@ --single-transaction shop > shop.sql\n",
    password(75),
    "\"$MYSQL_PASSWORD\"",
);

location!(
    curl_user_password,
    "deploy/upload.sh",
    "curl-user-password",
    "#!/bin/sh\ncurl -X PUT -u admin:@@ --upload-file app.tgz https://nexus.fixture.invalid/repository/raw/app.tgz\n",
    password(76),
    "$NEXUS_PASSWORD",
);

location!(
    pgpassword_env,
    "scripts/migrate.sh",
    "postgres-pgpassword-env",
    "#!/bin/sh\nPGPASSWORD=@@ psql -h db.fixture.invalid -U app -d orders -f migrate.sql\n",
    password(77),
    "$DB_PASSWORD",
);

location!(
    sshpass_password,
    "scripts/restart.sh",
    "sshpass-password",
    "#!/bin/sh\nsshpass -p '@@' ssh deploy@10.0.3.7 'systemctl restart app'\n",
    password(78),
    "$SSH_PASSWORD",
);

location!(
    docker_login_password,
    ".gitlab-ci.yml",
    "docker-login-password",
    "build:\n  script:\n    - docker login -u ci-bot -p @@ registry.fixture.invalid\n    - docker build -t app .\n",
    password(79),
    "$CI_REGISTRY_PASSWORD",
);

location!(
    redis_cli_password,
    "ops/check-redis.sh",
    "redis-cli-password",
    "#!/bin/sh\nredis-cli -h cache.fixture.invalid -p 6380 --tls -a @@ INFO replication\n",
    rnd(ALNUM, 32, 80),
    "\"$REDIS_PASSWORD\"",
);

location!(
    query_string_api_key,
    "src/weather.ts",
    "url-query-credential",
    "export async function forecast(city: string) {\n  const r = await fetch(\"https://api.fixture.invalid/v2/forecast?api_key=@@&units=metric\");\n  return r.json();\n}\n",
    rnd(HEX, 32, 81),
    "${apiKey}",
);

location!(
    query_string_access_token,
    "README.md",
    "url-query-credential",
    "Download the export:\n\n    wget \"https://downloads.fixture.invalid/export?access_token=@@\" -O export.zip\n",
    rnd(ALNUM, 43, 82),
    "<access_token>",
);

// --- .NET, XML and key=value configuration -----------------------------------------------------

location!(
    dotnet_app_config,
    "App.config",
    "dotnet-appsettings-secret",
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <appSettings>\n    <add key=\"Environment\" value=\"Production\" />\n    <add key=\"StripeApiKey\" value=\"@@\" />\n  </appSettings>\n</configuration>\n",
    rnd(ALNUM, 32, 90),
    "#{StripeApiKey}#",
);

location!(
    xml_api_key_element,
    "config/service.xml",
    "xml-credential-element",
    "<service>\n  <endpoint>https://api.fixture.invalid</endpoint>\n  <apiKey>@@</apiKey>\n</service>\n",
    rnd(ALNUM, 32, 91),
    "${env.API_KEY}",
);

location!(
    xml_password_element,
    "conf/datasource.xml",
    "xml-credential-element",
    "<connection>\n  <host>db.fixture.invalid</host>\n  <user>reporting</user>\n  <password>@@</password>\n</connection>\n",
    password(92),
    "${DB_PASSWORD}",
);

location!(
    hibernate_property,
    "src/main/resources/hibernate.cfg.xml",
    "xml-name-value-credential",
    "<hibernate-configuration>\n  <session-factory>\n    <property name=\"hibernate.connection.username\">app</property>\n    <property name=\"hibernate.connection.password\">@@</property>\n  </session-factory>\n</hibernate-configuration>\n",
    password(93),
    "${DB_PASSWORD}",
);

location!(
    java_properties,
    "src/main/resources/application.properties",
    "generic-secret-assignment",
    "server.port=8080\npayments.client-secret=@@\n",
    rnd(ALNUM, 32, 94),
    "${PAYMENTS_CLIENT_SECRET}",
);

location!(
    ini_password,
    "config/app.ini",
    "generic-password-assignment",
    "[database]\nhost = db.fixture.invalid\nuser = app\npassword = @@\n",
    password(95),
    "%DB_PASSWORD%",
);

location!(
    toml_api_key,
    "config/settings.toml",
    "generic-api-key-assignment",
    "[geocoder]\nendpoint = \"https://geo.fixture.invalid\"\napi_key = \"@@\"\n",
    rnd(ALNUM, 32, 96),
    "${GEOCODER_API_KEY}",
);

location!(
    yaml_auth_token,
    "config/notifier.yaml",
    "generic-token-assignment",
    "notifier:\n  endpoint: https://hooks.fixture.invalid\n  X_AUTH_TOKEN: @@\n",
    rnd(ALNUM, 40, 97),
    "${{ secrets.X_AUTH_TOKEN }}",
);

location!(
    dotenv_api_key,
    ".env",
    "generic-api-key-assignment",
    "NODE_ENV=production\nACME_API_KEY=@@\n",
    rnd(ALNUM, 32, 98),
    "$ACME_API_KEY",
);

location!(
    json_api_key,
    "config/default.json",
    "generic-api-key-assignment",
    "{\n  \"service\": {\n    \"apiKey\": \"@@\"\n  }\n}\n",
    rnd(ALNUM, 32, 99),
    "{{ .Values.apiKey }}",
);

location!(
    kubernetes_env_list,
    "k8s/deployment.yaml",
    "env-list-credential",
    "spec:\n  containers:\n  - name: app\n    env:\n    - name: DB_PASSWORD\n      value: \"@@\"\n",
    password(100),
    "{{ .Values.dbPassword }}",
);
