/**
 * What server reflection can describe: the files of the exposed services and everything they
 * import, indexed by file name, by fully-qualified symbol and by extension. Built once from
 * protobuf-es descriptors; each file is serialized to a FileDescriptorProto once, on first use.
 */
import { toBinary, type DescEnum, type DescExtension, type DescFile, type DescMessage, type DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";

/** Lookup tables for the reflection service. */
export class ReflectionIndex {
  private readonly serviceNameList: string[];
  private readonly filesByName = new Map<string, DescFile>();
  private readonly filesBySymbol = new Map<string, DescFile>();
  private readonly extensionsByExtendee = new Map<string, DescExtension[]>();
  private readonly messageNames = new Set<string>();
  private readonly serialized = new Map<string, Uint8Array>();

  /** Indexes `services` (duplicates are listed once) and the transitive imports of their files. */
  constructor(services: readonly DescService[]) {
    this.serviceNameList = [...new Set(services.map((s) => s.typeName))];
    for (const service of services) this.addFile(service.file);
  }

  /** Fully-qualified names of the exposed services, in the order given. */
  serviceNames(): readonly string[] {
    return this.serviceNameList;
  }

  /** The file named `name` (e.g. `google/protobuf/timestamp.proto`). */
  fileByName(name: string): DescFile | undefined {
    return this.filesByName.get(name);
  }

  /** The file declaring a service, method, message, enum or extension named `symbol`. */
  fileContainingSymbol(symbol: string): DescFile | undefined {
    return this.filesBySymbol.get(symbol.replace(/^\./, ""));
  }

  /** The file declaring extension `number` of message `extendee`. */
  fileContainingExtension(extendee: string, number: number): DescFile | undefined {
    return this.extensionsByExtendee.get(extendee)?.find((ext) => ext.number === number)?.file;
  }

  /** Extension numbers of message `extendee`, or undefined when no such message is known. */
  extensionNumbersOf(extendee: string): number[] | undefined {
    if (!this.messageNames.has(extendee)) return undefined;
    return (this.extensionsByExtendee.get(extendee) ?? []).map((ext) => ext.number);
  }

  /**
   * `file` followed by its transitive imports, each as a serialized FileDescriptorProto. Imports
   * already in `sent` are skipped (the requested file itself never is); every file returned is
   * added to `sent`, so a client reading one stream receives each import only once.
   */
  fileWithImports(file: DescFile, sent: Set<string>): Uint8Array[] {
    const out: Uint8Array[] = [];
    const queue: DescFile[] = [file];
    const seen = new Set<string>();
    for (let next = queue.shift(); next; next = queue.shift()) {
      const name = fileName(next);
      if (seen.has(name)) continue;
      seen.add(name);
      if (next === file || !sent.has(name)) {
        out.push(this.serialize(next));
        sent.add(name);
      }
      queue.push(...next.dependencies);
    }
    return out;
  }

  private serialize(file: DescFile): Uint8Array {
    const name = fileName(file);
    let bytes = this.serialized.get(name);
    if (!bytes) {
      bytes = toBinary(FileDescriptorProtoSchema, file.proto);
      this.serialized.set(name, bytes);
    }
    return bytes;
  }

  private addFile(file: DescFile): void {
    const name = fileName(file);
    if (this.filesByName.has(name)) return;
    this.filesByName.set(name, file);
    for (const service of file.services) {
      this.filesBySymbol.set(service.typeName, file);
      for (const method of service.methods) this.filesBySymbol.set(`${service.typeName}.${method.name}`, file);
    }
    for (const message of file.messages) this.addMessage(file, message);
    for (const en of file.enums) this.addEnum(file, en);
    for (const ext of file.extensions) this.addExtension(file, ext);
    for (const dependency of file.dependencies) this.addFile(dependency);
  }

  private addMessage(file: DescFile, message: DescMessage): void {
    this.filesBySymbol.set(message.typeName, file);
    this.messageNames.add(message.typeName);
    for (const nested of message.nestedMessages) this.addMessage(file, nested);
    for (const en of message.nestedEnums) this.addEnum(file, en);
    for (const ext of message.nestedExtensions) this.addExtension(file, ext);
  }

  private addEnum(file: DescFile, en: DescEnum): void {
    this.filesBySymbol.set(en.typeName, file);
  }

  private addExtension(file: DescFile, ext: DescExtension): void {
    this.filesBySymbol.set(ext.typeName, file);
    const list = this.extensionsByExtendee.get(ext.extendee.typeName) ?? [];
    list.push(ext);
    this.extensionsByExtendee.set(ext.extendee.typeName, list);
  }
}

/** The file's path as imports spell it; DescFile.name drops the `.proto` suffix. */
function fileName(file: DescFile): string {
  return file.proto.name;
}
