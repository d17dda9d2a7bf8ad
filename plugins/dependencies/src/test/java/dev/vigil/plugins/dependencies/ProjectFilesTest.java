package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each Python and npm project file format this plugin reads itself, from hand-written fixture projects. */
class ProjectFilesTest {

    private final ProjectFiles files = new ProjectFiles(new ObjectMapper());

    @TempDir
    Path work;

    @Test
    void requirementsFilesListExactPinsWithNormalisedNamesAndSkipRangesOptionsAndEditables() throws Exception {
        ProjectFiles.Result result = files.read(project("django-app"));
        assertEquals(List.of(), result.problems());
        assertEquals(List.of("pkg:pypi/pillow@9.0.1", "pkg:pypi/python-dateutil@2.8.2"),
                     purls(result, "requirements-base.txt"));
        assertEquals(List.of("pkg:pypi/django@3.2.12", "pkg:pypi/djangorestframework@3.13.1",
                             "pkg:pypi/psycopg2-binary@2.9.3", "pkg:pypi/celery@5.2.7"),
                     purls(result, "requirements.txt"));
        LockedPackage django = packages(result, "requirements.txt").getFirst();
        assertEquals(new LockedPackage(Ecosystem.PYPI, "django", "3.2.12"), django);
    }

    @Test
    void pipfileLockListsDefaultAndDevelopPackages() throws Exception {
        assertEquals(List.of("pkg:pypi/django@3.2.12", "pkg:pypi/sqlparse@0.4.2", "pkg:pypi/pytest@7.1.2"),
                     purls(files.read(project("pipenv-app")), "Pipfile.lock"));
    }

    @Test
    void pep621PyprojectListsPinnedDependenciesAndExtras() throws Exception {
        assertEquals(List.of("pkg:pypi/django@3.2.12", "pkg:pypi/requests@2.28.1", "pkg:pypi/pytest@7.1.2"),
                     purls(files.read(project("pep621-app")), "pyproject.toml"));
    }

    @Test
    void poetryLockIsReadAndItsPyprojectOnlyWithoutALock() throws Exception {
        ProjectFiles.Result poetry = files.read(project("poetry-app"));
        assertEquals(1, poetry.files().size(), poetry.toString());
        assertEquals(List.of("pkg:pypi/asgiref@3.5.2", "pkg:pypi/django@3.2.12"), purls(poetry, "poetry.lock"));
        Path alone = Files.createDirectories(work.resolve("poetry-without-lock"));
        Files.writeString(alone.resolve("pyproject.toml"), """
                [tool.poetry.dependencies]
                python = "^3.10"
                Django = "3.2.12"
                django_filter = {version = "==22.1", optional = true}
                celery = "^5.2"

                [tool.poetry.group.dev.dependencies]
                pytest = "7.1.2"
                """);
        assertEquals(List.of("pkg:pypi/django@3.2.12", "pkg:pypi/django-filter@22.1", "pkg:pypi/pytest@7.1.2"),
                     purls(files.read(alone), "pyproject.toml"));
    }

    @Test
    void packageLockV3ListsInstalledPackagesWithScopesAndNestedCopiesButNotLinksOrTheProject() throws Exception {
        ProjectFiles.Result result = files.read(project("react-app"));
        assertEquals(List.of("pkg:npm/%40babel/runtime@7.18.9", "pkg:npm/js-tokens@4.0.0", "pkg:npm/lodash@4.17.15",
                             "pkg:npm/loose-envify@1.4.0", "pkg:npm/react@18.2.0", "pkg:npm/react-dom@18.2.0",
                             "pkg:npm/scheduler@0.23.0", "pkg:npm/regenerator-runtime@0.13.9"),
                     purls(result, "package-lock.json"));
        assertEquals(new LockedPackage(Ecosystem.NPM, "@babel/runtime", "7.18.9"),
                     packages(result, "package-lock.json").getFirst());
        // npm 7+ writes each package's licence into the lock file: known without asking the registry
        assertEquals(new LockedPackage(Ecosystem.NPM, "lodash", "4.17.15", List.of("MIT")),
                     packages(result, "package-lock.json").get(2));
    }

    @Test
    void npmManifestsNameTheirLicenceInEachOfTheFormsNpmHasUsed() throws Exception {
        // one reading for lock files, installed package.json files and the registry's answers
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(List.of("MIT"), NpmLookup.licenses(json.readTree("{\"license\": \"MIT\"}")));
        assertEquals(List.of("BSD-3-Clause"),
                     NpmLookup.licenses(json.readTree("{\"license\": {\"type\": \"BSD-3-Clause\"}}")));
        assertEquals(List.of("MIT", "Apache-2.0"), NpmLookup.licenses(json.readTree(
                "{\"licenses\": [{\"type\": \"MIT\"}, {\"type\": \"Apache-2.0\"}]}")));
        assertEquals(List.of(), NpmLookup.licenses(json.readTree("{\"name\": \"x\"}")));

        Path modules = work.resolve("licensed/node_modules/left-pad");
        Files.createDirectories(modules);
        Files.writeString(modules.resolve("package.json"),
                          "{\"name\": \"left-pad\", \"version\": \"1.3.0\", \"license\": \"WTFPL\"}");
        assertEquals(List.of(new LockedPackage(Ecosystem.NPM, "left-pad", "1.3.0", List.of("WTFPL"))),
                     packages(files.read(work.resolve("licensed")), "node_modules"));
    }

    @Test
    void packageLockV1NestsDependencies() throws Exception {
        Path project = Files.createDirectories(work.resolve("v1"));
        Files.writeString(project.resolve("package-lock.json"), """
                {"name": "old", "lockfileVersion": 1, "dependencies": {
                  "lodash": {"version": "4.17.15"},
                  "tap": {"version": "12.0.0", "dev": true, "dependencies": {"lodash": {"version": "4.17.11"}}},
                  "local": {"version": "file:../local"}}}
                """);
        assertEquals(List.of("pkg:npm/lodash@4.17.15", "pkg:npm/tap@12.0.0", "pkg:npm/lodash@4.17.11"),
                     purls(files.read(project), "package-lock.json"));
    }

    @Test
    void yarnClassicLockListsEachResolvedPackageOnceAndAnAliasAsTheRealPackage() throws Exception {
        assertEquals(List.of("pkg:npm/%40babel/runtime@7.18.9", "pkg:npm/lodash@4.17.15", "pkg:npm/react@18.2.0",
                             "pkg:npm/string-width@4.2.3"),
                     purls(files.read(project("yarn-classic-app")), "yarn.lock"));
    }

    @Test
    void yarnBerryLockLeavesOutTheWorkspaceAndPatches() throws Exception {
        assertEquals(List.of("pkg:npm/lodash@4.17.15", "pkg:npm/react@18.2.0", "pkg:npm/resolve@1.22.1"),
                     purls(files.read(project("yarn-berry-app")), "yarn.lock"));
    }

    @Test
    void pnpmLockV9ListsPackagesWithoutPeerSuffixes() throws Exception {
        assertEquals(List.of("pkg:npm/%40babel/runtime@7.18.9", "pkg:npm/lodash@4.17.15", "pkg:npm/react-dom@18.2.0",
                             "pkg:npm/react@18.2.0"),
                     purls(files.read(project("pnpm-app")), "pnpm-lock.yaml"));
    }

    @Test
    void pnpmLockV5AndV6KeysReadTheSame() {
        assertEquals(LockedPackage.npm("@babel/core", "7.22.0"), PnpmLock.parseKey("/@babel/core/7.22.0"));
        assertEquals(LockedPackage.npm("react-dom", "18.2.0"), PnpmLock.parseKey("/react-dom/18.2.0_react@18.2.0"));
        assertEquals(LockedPackage.npm("react-dom", "18.2.0"), PnpmLock.parseKey("/react-dom@18.2.0(react@18.2.0)"));
        assertEquals(LockedPackage.npm("@babel/core", "7.22.0"), PnpmLock.parseKey("'/@babel/core@7.22.0'"));
        assertEquals(null, PnpmLock.parseKey("github.com/user/repo/abc123"));
    }

    @Test
    void nodeModulesListsInstalledPackagesScopedAndNested() throws Exception {
        Path modules = work.resolve("app/node_modules");
        manifest(modules.resolve("lodash"), "lodash", "4.17.15");
        manifest(modules.resolve("@babel/runtime"), "@babel/runtime", "7.18.9");
        manifest(modules.resolve("react-dom/node_modules/scheduler"), "scheduler", "0.23.0");
        manifest(modules.resolve("react-dom"), "react-dom", "18.2.0");
        manifest(modules.resolve(".bin/ignored"), "ignored", "1.0.0");
        ProjectFiles.Result result = files.read(work.resolve("app"));
        assertEquals(List.of("pkg:npm/%40babel/runtime@7.18.9", "pkg:npm/lodash@4.17.15", "pkg:npm/react-dom@18.2.0",
                             "pkg:npm/scheduler@0.23.0"),
                     purls(result, "node_modules"));
    }

    @Test
    void nodeModulesReadsNpmsHiddenLockFileWhenThereIsOne() throws Exception {
        Path modules = work.resolve("app/node_modules");
        manifest(modules.resolve("lodash"), "lodash", "4.17.15");
        Files.writeString(modules.resolve(".package-lock.json"), """
                {"name": "app", "lockfileVersion": 3, "packages": {
                  "node_modules/lodash": {"version": "4.17.15"}, "node_modules/react": {"version": "18.2.0"}}}
                """);
        assertEquals(List.of("pkg:npm/lodash@4.17.15", "pkg:npm/react@18.2.0"),
                     purls(files.read(work.resolve("app")), "node_modules"));
    }

    @Test
    void aBrokenFileIsAProblemToReportNotAFailure() throws Exception {
        Path project = Files.createDirectories(work.resolve("broken"));
        Files.writeString(project.resolve("package-lock.json"), "{ not json");
        Files.writeString(project.resolve("requirements.txt"), "django==3.2.12\n");
        ProjectFiles.Result result = files.read(project);
        assertEquals(1, result.problems().size(), result.problems().toString());
        assertTrue(result.problems().getFirst().contains("package-lock.json"), result.problems().toString());
        assertEquals(List.of("pkg:pypi/django@3.2.12"), purls(result, "requirements.txt"));
    }

    @Test
    void installedDistributionMetadataNamesItsPackage() throws Exception {
        assertEquals(List.of("pkg:pypi/django@3.2.12"), purls(files.read(project("installed-python")), "METADATA"));
    }

    @Test
    void packageUrlsFollowTheSpecification() {
        assertEquals("pkg:pypi/zope-interface@5.4.0", LockedPackage.pypi("zope.interface", "5.4.0").purl());
        assertEquals("pkg:pypi/django@4.2.1%2Blocal", LockedPackage.pypi("Django", "4.2.1+local").purl());
        assertEquals("pkg:npm/%40types/node@18.0.0", LockedPackage.npm("@types/node", "18.0.0").purl());
    }

    static Path project(String name) throws URISyntaxException {
        return Path.of(ProjectFilesTest.class.getResource("/projects/" + name).toURI());
    }

    private static void manifest(Path directory, String name, String version) throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("package.json"),
                          "{\"name\": \"" + name + "\", \"version\": \"" + version + "\"}");
    }

    private static List<LockedPackage> packages(ProjectFiles.Result result, String fileName) {
        return result.files().stream().filter(found -> found.file().getFileName().toString().equals(fileName))
                .findFirst().orElseThrow(() -> new AssertionError("no " + fileName + " in " + result)).packages();
    }

    private static List<String> purls(ProjectFiles.Result result, String fileName) {
        return packages(result, fileName).stream().map(LockedPackage::purl).toList();
    }
}
